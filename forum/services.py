"""Every write to the board. One transaction each; counters move with database-side arithmetic (F expressions),
never read-modify-write in Python, so concurrent posters cannot lose each other's counts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .content import sanitize_html
from .models import Forum, Post, Submission, Topic
from .permissions import hold_reason, reply_refusal, start_topic_refusal
from .signals import post_published, post_saved


class PostingRefused(Exception):
    """The viewer may not post here; the message says why, in words for a person."""


def _hold_reason(author, forum, content):
    return hold_reason(author or AnonymousUser(), forum, content)


def _count_visible_post(topic, post, now):
    """A post became visible at the end of a topic that the caller has locked: move every counter with it.
    Posts in a hidden or queued topic count only in the topic (see moderation.counters)."""
    Topic.objects.filter(pk=topic.pk).update(
        last_position=topic.last_position, post_count=F("post_count") + 1, last_post=post, last_post_at=now,
    )
    if not (topic.is_hidden or topic.is_pending or topic.deleted_at):
        Forum.objects.filter(pk=topic.forum_id).update(post_count=F("post_count") + 1, last_post=post)
        if post.author_id:
            get_user_model().objects.filter(pk=post.author_id).update(post_count=F("post_count") + 1)


def _add_post(topic, author, content, ip_address, now, held_reason=None):
    """Append a post at the next position of a topic that the caller has locked. A held post waits in the approval
    queue (state PENDING, with the reason) and counts nowhere until a moderator approves it."""
    topic.last_position += 1
    post = Post.objects.create(
        topic=topic, position=topic.last_position, author=author,
        author_name=author.username if author else "", content=content, created_at=now, ip_address=ip_address,
        state=Post.State.PENDING if held_reason else Post.State.VISIBLE, state_reason=held_reason or "",
    )
    post_saved.send(Post, post=post, created=True, actor=author)
    if held_reason:
        Topic.objects.filter(pk=topic.pk).update(last_position=topic.last_position)
        return post
    _count_visible_post(topic, post, now)
    post_published.send(Post, post=post, actor=author)
    return post


def save_awaiting_registration(topic, content, email_name, ip_address):
    """A guest's reply, kept out of the topic (no position, no counters) until its author registers or signs in."""
    post = Post.objects.create(
        topic=topic, position=None, author=None, author_name=email_name, content=sanitize_html(content),
        state=Post.State.AWAITING_REGISTRATION, ip_address=ip_address,
    )
    post_saved.send(Post, post=post, created=True, actor=None)
    return post


@transaction.atomic
def publish_awaiting(post, author, approval_reason=None):
    """Give a post written before registering to its new author and put it at the end of its topic: visible, or
    waiting for approval when `approval_reason` (or the approval queue's own rules) says why. Counters move only
    for a visible post. Raises PostingRefused (and changes nothing) when the author may not reply there now."""
    locked = Topic.objects.select_for_update().get(pk=post.topic_id)
    refusal = reply_refusal(author, locked)
    if refusal:
        raise PostingRefused(refusal)
    approval_reason = approval_reason or _hold_reason(author, locked.forum, post.content)
    now = timezone.now()
    locked.last_position += 1
    post.position = locked.last_position
    post.author = author
    post.author_name = author.username
    post.created_at = now
    post.state = Post.State.PENDING if approval_reason else Post.State.VISIBLE
    post.state_reason = approval_reason or ""
    post.save(update_fields=["position", "author", "author_name", "created_at", "state", "state_reason"])
    post_saved.send(Post, post=post, created=False, actor=author)
    if approval_reason:
        Topic.objects.filter(pk=locked.pk).update(last_position=locked.last_position)
    else:
        _count_visible_post(locked, post, now)
        post_published.send(Post, post=post, actor=author)
    return post


@transaction.atomic
def create_topic(forum, author, title, content, ip_address=None, at=None):
    """`at` backdates the topic, for demo content and imports. Raises PostingRefused (and writes nothing) when the
    author may not start topics in `forum`."""
    refusal = start_topic_refusal(author or AnonymousUser(), forum)
    if refusal:
        raise PostingRefused(refusal)
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


def _parse_key(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def post_once(key, user, create):
    """Run `create()` (which returns the new Post) unless this form's key already made a post: then return that
    post instead. Two submits racing each other: the second insert of the key fails, its post is rolled back, and
    the first one's post is returned. Returns (post, created)."""
    key = _parse_key(key)
    author = user if user.is_authenticated else None
    if key is None:
        return create(), True
    earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
    if earlier is not None and earlier.user_id == (author.pk if author else None):
        return earlier.post, False
    try:
        with transaction.atomic():
            post = create()
            if earlier is None:
                Submission.objects.create(key=key, user=author, post=post)
            return post, True
    except IntegrityError:
        earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
        if earlier is None:
            raise
        return earlier.post, False
