"""Notification emails: one at once for "immediately", one a day for the digest. Each is written in the member's
language, holds only what the member may see when it is sent, and carries a signed one-click unsubscribe link
(RFC 8058: List-Unsubscribe with List-Unsubscribe-Post) that works without signing in."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from forum.content import plain_text

from . import display, services
from .models import Delivery, Kind, Notification, Preferences

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST = "digest"


def site_url(path):
    return settings.AGORA_SITE_URL.rstrip("/") + path


def unsubscribe_token(member, what):
    """`what` is a kind, or "digest" for every kind delivered in the digest."""
    return signing.dumps({"m": member.pk, "w": str(what)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(member id, what), or None for a token this site did not sign."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    what = data.get("w")
    if not isinstance(data.get("m"), int) or (what != DIGEST and what not in Kind.values):
        return None
    return data["m"], what


def unsubscribe(member_id, what):
    """Stop the emails a link was for: one kind, or everything the digest carries. Returns the kinds turned off."""
    preferences = Preferences.objects.filter(member_id=member_id).first() or Preferences(member_id=member_id)
    kinds = [k for k in Kind.values if preferences.delivery(k) == Delivery.DIGEST] if what == DIGEST else [what]
    preferences.email = {**preferences.email, **{k: Delivery.NEVER.value for k in kinds}}
    preferences.save()
    return kinds


def can_email(member, preferences):
    """Only to an active member's confirmed address (signing up with someone else's address gets them no mail), and
    never to one who stopped all emails, even for what was made before they did."""
    from allauth.account.models import EmailAddress

    return bool(member.is_active and member.email and not preferences.no_email and EmailAddress.objects.filter(
        user=member, email__iexact=member.email, verified=True).exists())


def stop_all(member_id):
    """The "stop all emails" switch, from the settings page or an email's unsubscribe page."""
    Preferences.objects.update_or_create(member_id=member_id, defaults={"no_email": True})


def _item(n):
    url = display.link(n)
    excerpt = ""
    if n.post_id and n.post_visible and n.kind in (Kind.REPLY, Kind.NEW_TOPIC, Kind.QUOTE, Kind.MENTION):
        excerpt = plain_text(n.post.content, limit=300)
    return {"text": display.describe(n), "html": display.describe(n, html=True), "url": site_url(url) if url else "",
            "excerpt": excerpt, "reason": n.reason}


def _message(member, subject, items, what):
    unsubscribe_url = site_url(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(member, what)}))
    context = {
        "member": member, "items": items, "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url, "settings_url": site_url(reverse("notifications:settings")),
        "digest": what == DIGEST,
    }
    message = EmailMultiAlternatives(
        f"[{settings.SITE_NAME}] {subject}", render_to_string("notifications/email.txt", context), None,
        [member.email], headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        })
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message


def _visible(member, ids):
    return list(services.visible_to(member).filter(pk__in=ids).select_related("actor", "topic", "post__topic")
                .order_by("created_at", "pk"))


def send_immediate(notification_ids):
    """Email each notification that is still due and still visible to its member; mark it emailed either way."""
    sent = 0
    due = defaultdict(list)
    for n in Notification.objects.filter(pk__in=notification_ids, delivery=Delivery.IMMEDIATE,
                                         emailed_at__isnull=True).select_related("recipient"):
        due[n.recipient].append(n.pk)
    with get_connection() as connection:
        for member, ids in due.items():
            # Claimed first, so a task that runs twice never sends twice.
            claimed = [pk for pk in ids
                       if Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=timezone.now())]
            if not claimed:
                continue
            preferences = Preferences.for_member(member)
            if not can_email(member, preferences):
                continue
            with translation.override(preferences.email_language):
                for n in _visible(member, claimed):
                    item = _item(n)
                    connection.send_messages([_message(member, item["text"], [item], n.kind)])
                    sent += 1
    return sent


def send_digests():
    """The daily digest: for each member, the digest notifications not yet emailed nor read, still visible."""
    sent = 0
    due = Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
    member_ids = list(due.values_list("recipient_id", flat=True).distinct())
    with get_connection() as connection:
        for member in get_user_model().objects.filter(pk__in=member_ids):
            ids = list(due.filter(recipient=member).values_list("pk", flat=True))
            Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
            preferences = Preferences.for_member(member)
            if not can_email(member, preferences):
                continue
            notifications = [n for n in _visible(member, ids) if n.read_at is None]
            if not notifications:
                continue
            with translation.override(preferences.email_language):
                subject = ngettext("Your daily digest: %(count)s new notification",
                                   "Your daily digest: %(count)s new notifications",
                                   len(notifications)) % {"count": len(notifications)}
                connection.send_messages([_message(member, subject, [_item(n) for n in notifications], DIGEST)])
            sent += 1
    return sent
