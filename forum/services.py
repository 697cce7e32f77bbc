"""Every write to the board. One transaction each; counters move with database-side arithmetic (F expressions),
never read-modify-write in Python, so concurrent posters cannot lose each other's counts."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .content import sanitize_html
from .models import Forum, Post, Topic
from .permissions import hold_reason, reply_refusal


class PostingRefused(Exception):
    """The viewer may not post here; the message says why, in words for a person."""


def _hold_reason(author, forum, content):
    from django.contrib.auth.models import AnonymousUser

    return hold_reason(author or AnonymousUser(), forum, content)


def _add_post(topic, author, content, ip_address, now, held_reason=None):
    """Append a post at the next position of a topic that the caller has locked. A held post waits in the approval
    queue (state PENDING, with the reason) and counts nowhere until a moderator approves it."""
    topic.last_position += 1
    post = Post.objects.create(
        topic=topic, position=topic.last_position, author=author,
        author_name=author.username if author else "", content=content, created_at=now, ip_address=ip_address,
        state=Post.State.PENDING if held_reason else Post.State.VISIBLE, state_reason=held_reason or "",
    )
    if held_reason:
        Topic.objects.filter(pk=topic.pk).update(last_position=topic.last_position)
        return post
    Topic.objects.filter(pk=topic.pk).update(
        last_position=topic.last_position, post_count=F("post_count") + 1, last_post=post, last_post_at=now,
    )
    # Posts in a hidden or queued topic count only in the topic (see moderation.counters).
    if not (topic.is_hidden or topic.is_pending or topic.deleted_at):
        Forum.objects.filter(pk=topic.forum_id).update(post_count=F("post_count") + 1, last_post=post)
        if author:
            get_user_model().objects.filter(pk=author.pk).update(post_count=F("post_count") + 1)
    return post


@transaction.atomic
def create_topic(forum, author, title, content, ip_address=None, at=None):
    """`at` backdates the topic, for demo content and imports."""
    now = at or timezone.now()
    content = sanitize_html(content)
    held = _hold_reason(author, forum, content)
    topic = Topic.objects.create(
        forum=forum, title=title.strip(), author=author, author_name=author.username if author else "",
        created_at=now, last_post_at=now, is_pending=bool(held),
    )
    if not held:
        Forum.objects.filter(pk=forum.pk).update(topic_count=F("topic_count") + 1)
    _add_post(topic, author, content, ip_address, now, held)
    topic.refresh_from_db()
    return topic


@transaction.atomic
def reply(topic, author, content, ip_address=None, at=None):
    # The row lock serialises replies to one topic, so each gets its own position.
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    # Asked again under the lock: the topic may have been locked since the form was shown.
    refusal = reply_refusal(author, locked)
    if refusal:
        raise PostingRefused(refusal)
    content = sanitize_html(content)
    held = _hold_reason(author, topic.forum, content)
    return _add_post(locked, author, content, ip_address, at or timezone.now(), held)


def count_view(topic):
    Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
