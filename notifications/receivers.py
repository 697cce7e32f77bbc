"""Reacting to forum events (forum sends signals and imports nothing of this app) and to signing in."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import get_language

from follows.services import follow
from forum import signals as forum_signals
from forum.content import mentioned_member_ids
from forum.models import Post

from .models import Preferences
from .tasks import deliver_edit_mentions, deliver_post, recheck, recheck_access


@receiver(forum_signals.post_published, dispatch_uid="notifications.post_published")
def post_published(sender, post, **kwargs):
    """A post became visible: its author follows the topic (unless they turned that off), and the worker tells
    the others."""
    if post.author_id and Preferences.for_member(post.author).auto_follow:
        follow(post.author, post.topic)
    post_id = post.pk
    transaction.on_commit(lambda: deliver_post.enqueue(post_id))


@receiver(forum_signals.post_saved, dispatch_uid="notifications.post_edited")
def post_edited(sender, post, created, actor=None, previous_content=None, **kwargs):
    """An edit of a visible post that mentions members it did not mention before: the worker tells them. (A post
    still held or awaiting registration tells everyone it mentions when it is published.)"""
    if created or previous_content is None or post.state != Post.State.VISIBLE:
        return
    added = sorted(mentioned_member_ids(post.content) - mentioned_member_ids(previous_content))
    if added:
        post_id, editor_id = post.pk, actor.pk if actor else None
        transaction.on_commit(lambda: deliver_edit_mentions.enqueue(post_id, added, editor_id))


@receiver(forum_signals.content_changed, dispatch_uid="notifications.content_changed")
def content_changed(sender, post_ids=(), topic_ids=(), **kwargs):
    """Hidden, restored, deleted, moved...: the worker rechecks what the members told about it may still see."""
    post_ids, topic_ids = list(post_ids or ()), list(topic_ids or ())
    if post_ids or topic_ids:
        transaction.on_commit(lambda: recheck.enqueue(post_ids, topic_ids))


@receiver(forum_signals.access_changed, dispatch_uid="notifications.access_changed")
def access_changed(sender, forum_ids=(), member_ids=(), **kwargs):
    """A forum's permission grid, or a member's group, moderator assignment or two-factor changed: the worker rechecks
    what the members concerned may see."""
    forum_ids, member_ids = sorted(set(forum_ids or ())), sorted(set(member_ids or ()))
    if forum_ids or member_ids:
        transaction.on_commit(lambda: recheck_access.enqueue(forum_ids, member_ids))


@receiver(user_logged_in, dispatch_uid="notifications.seen_language")
def remember_language(sender, request, user, **kwargs):
    """Emails go out in the language the member last signed in with, unless they chose one."""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    Preferences.objects.update_or_create(member=user, defaults={"seen_language": language or ""})
