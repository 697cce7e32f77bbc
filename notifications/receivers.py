"""Reacting to forum events (forum sends signals and imports nothing of this app) and to signing in."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import get_language

from follows.services import follow
from forum import signals as forum_signals

from .models import Preferences
from .tasks import deliver_post


@receiver(forum_signals.post_published, dispatch_uid="notifications.post_published")
def post_published(sender, post, **kwargs):
    """A post became visible: its author follows the topic (unless they turned that off), and the worker tells
    the others."""
    if post.author_id and Preferences.for_member(post.author).auto_follow:
        follow(post.author, post.topic)
    post_id = post.pk
    transaction.on_commit(lambda: deliver_post.enqueue(post_id))


@receiver(user_logged_in, dispatch_uid="notifications.seen_language")
def remember_language(sender, request, user, **kwargs):
    """Emails go out in the language the member last signed in with, unless they chose one."""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    Preferences.objects.update_or_create(member=user, defaults={"seen_language": language or ""})
