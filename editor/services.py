"""Writes for the editor: drafts (uploads are the attachments app's; posting once per form is forum's)."""

from django.dispatch import receiver
from django.utils import timezone

from forum import permissions
from forum.content import is_blank, sanitize_html
from forum.models import Forum, Topic
from forum.signals import post_saved
from safety.images import budget_refusal

from .models import Draft


def _draft_place(topic=None, forum=None):
    return {"topic": topic, "forum": None} if topic else {"topic": None, "forum": forum}


class DraftPlaceNotFound(Exception):
    """The topic or forum of a draft does not exist, or the member may not see it (they are told the same)."""


def save_draft(user, content, topic_id=None, forum_id=None):
    """Keep (or, when empty, forget) the member's draft for a topic they may open, or for a new topic in a forum
    they may see. The draft is sanitized as a post is: the editor reads it back, and must never be handed markup a
    post could not hold."""
    if topic_id:
        topic, forum = Topic.objects.visible_to(user).filter(pk=topic_id).first(), None
        if topic is None:
            raise DraftPlaceNotFound
    else:
        topic, forum = None, Forum.objects.filter(pk=forum_id).first()
        if forum is None or not permissions.can_view_forum(user, forum):
            raise DraftPlaceNotFound
    place = _draft_place(topic, forum)
    content = sanitize_html(content) if content.strip() else ""
    if not content or is_blank(content):
        Draft.objects.filter(user=user, **place).delete()
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, **place, defaults={"content": content, "updated_at": timezone.now()})
    return draft


def get_draft(user, topic=None, forum=None):
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, **_draft_place(topic, forum)).first()


@receiver(post_saved, dispatch_uid="editor_clear_draft_once_posted")
def clear_draft_once_posted(sender, post, created, actor, **kwargs):
    """A member's reply clears their draft for the topic; a new topic clears their draft for the forum."""
    if created and actor is not None:
        Draft.objects.filter(user=actor, **(_draft_place(forum=post.topic.forum_id) if post.position == 1
                                             else _draft_place(topic=post.topic_id))).delete()
