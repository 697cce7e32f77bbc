"""Registering or signing in adopts the replies this browser wrote as a guest; confirming an email address
publishes the ones that waited for it."""

from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safety.text import isolate

from . import services


def _tell(request, outcomes):
    for post, reason, refusal in outcomes:
        topic = post.topic
        if refusal:
            text = format_html(_("Your reply in “{}” is kept for you and will be published when you can post: {}"),
                               isolate(topic.title), refusal)
            level = messages.WARNING
        elif reason:
            text = format_html(_("Your reply in “{}” now waits for a moderator’s approval. Why: {}"),
                               isolate(topic.title), reason)
            level = messages.INFO
        else:
            text = format_html(_("Your reply in “{}” is published."), isolate(topic.title))
            level = messages.SUCCESS
            if request is not None and hasattr(request, "session"):
                request.session["guestposts_published"] = post.pk
        if request is not None:
            messages.add_message(request, level, text, fail_silently=True)


def _adopt(request, user):
    if request is None or not hasattr(request, "session"):
        return
    # Only when this browser wrote something as a guest; posts kept for an unconfirmed address are published
    # by publish_on_email_confirmed.
    if request.session.get(services.SESSION_KEY):
        _tell(request, services.adopt(request.session, user))


@receiver(user_signed_up)
def adopt_on_sign_up(sender, request, user, **kwargs):
    _adopt(request, user)


@receiver(user_logged_in)
def adopt_on_sign_in(sender, request, user, **kwargs):
    _adopt(request, user)


@receiver(email_confirmed)
def publish_on_email_confirmed(sender, request, email_address, **kwargs):
    user = email_address.user
    if services.has_adopted(user):
        _tell(request, services.publish_adopted(user))
