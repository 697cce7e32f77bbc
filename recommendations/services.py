"""Recommending posts. The views ask forum.permissions.can_recommend first; these functions only write."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.utils import timezone

from forum.models import Post
from forum.signals import content_changed

from moderation.services import log

from .models import Recommendation


@transaction.atomic
def recommend_post(post, moderator, note="", ip_address=None):
    """Recommend `post` (or replace the note and recommender of an earlier recommendation). One row per post is a
    database constraint, so two moderators at once leave one recommendation."""
    recommendation, _created = Recommendation.objects.update_or_create(
        post=post,
        defaults={"topic_id": post.topic_id, "recommended_by": moderator, "note": note.strip(),
                  "created_at": timezone.now()},
    )
    log(moderator, "recommend", post, ip_address, note, forum=post.topic.forum)
    return recommendation


@transaction.atomic
def unrecommend_post(post, moderator, ip_address=None):
    """Take a recommendation back; True when there was one."""
    deleted, _detail = Recommendation.objects.filter(post=post).delete()
    if deleted:
        log(moderator, "unrecommend", post, ip_address, forum=post.topic.forum)
    return bool(deleted)


@receiver(content_changed, dispatch_uid="recommendations_follow_moved_posts")
def follow_moved_posts(sender, action, topic_ids, **kwargs):
    """After posts moved between topics (merge, split), each recommendation takes its post's new topic."""
    if action not in ("merge", "split"):
        return
    Recommendation.objects.filter(topic_id__in=topic_ids).update(
        topic_id=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("topic_id")[:1]))
