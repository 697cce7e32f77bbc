"""Recommending posts: moderators of the post's forum (forum.permissions.can_recommend), checked here under the
post's row lock, and written to the moderation log."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import permissions
from forum.models import Post
from forum.refusals import Refused
from forum.signals import content_changed
from moderation.log import log

from .models import Recommendation


class RecommendationRefused(Refused):
    """The actor may not recommend (or take back) this post; nothing was changed."""


def _lock_post(post, moderator):
    """The post as it is now, locked; refused unless `moderator` may recommend posts of its topic."""
    current = Post.objects.select_for_update(of=("self",)).select_related("topic__forum").filter(pk=post.pk).first()
    if current is None or not (moderator is not None and moderator.is_authenticated
                               and permissions.can_recommend(moderator, current.topic)):
        raise RecommendationRefused(_("Only moderators can recommend posts."))
    return current


@transaction.atomic
def recommend_post(post, moderator, note="", ip_address=None):
    """Recommend `post` (or replace the note and recommender of an earlier recommendation). One row per post is a
    database constraint, so two moderators at once leave one recommendation."""
    post = _lock_post(post, moderator)
    if post.state != Post.State.VISIBLE:
        raise RecommendationRefused(_("Only a visible post can be recommended."))
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
    post = _lock_post(post, moderator)
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
