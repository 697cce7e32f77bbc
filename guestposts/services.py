"""Post now, register later: every write of the guestposts app (the post itself is written by forum.services)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_noop

from accounts.bans import is_banned
from boardsettings.store import current as board_settings
from forum import permissions
from forum import services as forum_services
from forum.models import Post

from .models import PendingGuestPost

# The browser session lists the ids of the pending posts it wrote (or resumed from the reminder email).
SESSION_KEY = "guestposts"
_RESUME_SALT = "guestposts.resume"


class GuestPostRefused(Exception):
    """The guest may not leave this post; the message says why, `status` is the HTTP status to answer with."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.status = status


def session_pending(session):
    ids = session.get(SESSION_KEY, [])
    return (PendingGuestPost.objects.filter(pk__in=ids, adopted_by__isnull=True)
            .select_related("post__topic__forum").order_by("created_at"))


def adopted_waiting(user):
    """Posts `user` adopted that wait until they may post (their email address is not confirmed yet)."""
    return (PendingGuestPost.objects.filter(adopted_by=user).select_related("post__topic__forum")
            .order_by("created_at"))


def _remember(session, pending_id):
    ids = session.get(SESSION_KEY, [])
    if pending_id not in ids:
        session[SESSION_KEY] = ids + [pending_id]


def _lock_keys(keys):
    """Transaction-level advisory locks on these names, released when the transaction ends."""
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def submit(session, topic, content, email, ip_address, site_url, language=""):
    """Keep a guest's reply out of sight until its author registers or signs in, after the bans and limits."""
    refusal = permissions.guest_posting_refusal(AnonymousUser(), topic)
    if refusal:
        raise GuestPostRefused(refusal)
    if is_banned(email=email, ip=ip_address):
        raise GuestPostRefused(_("Posting from this address is not allowed on this board."))
    with transaction.atomic():
        # Count, then insert, with the address and the email address locked until the insert commits: 20 replies
        # sent at once from one address store exactly the limit (PostgreSQL advisory locks, taken in one order).
        _lock_keys(sorted({f"guestposts:ip:{ip_address or ''}", f"guestposts:email:{email.lower()}"}))
        now, limits = timezone.now(), board_settings()
        if ip_address and PendingGuestPost.objects.filter(
                ip_address=ip_address, created_at__gte=now - timedelta(hours=1)
        ).count() >= limits.guest_posts_per_hour:
            raise GuestPostRefused(_("You have left several replies in the last hour. Please register or sign in "
                                     "to post more, or try again later."), status=429)
        if PendingGuestPost.objects.filter(email__iexact=email).count() >= limits.guest_posts_per_email:
            raise GuestPostRefused(_("Several replies already wait for this email address. Please register or "
                                     "sign in to publish them before writing more."), status=429)
        post = forum_services.save_awaiting_registration(topic, content, "", ip_address)
        pending = PendingGuestPost.objects.create(post=post, email=email, ip_address=ip_address, created_at=now,
                                                  site_url=site_url, language=language)
    _remember(session, pending.pk)
    return pending


def cancel(session, pending_id):
    """Remove a pending post of this session; False when it is not one."""
    pending = session_pending(session).filter(pk=pending_id).first()
    if pending is None:
        return False
    pending.post.delete()  # the PendingGuestPost row goes with it
    session[SESSION_KEY] = [i for i in session.get(SESSION_KEY, []) if i != pending_id]
    return True


def adopt(session, user):
    """Give every pending post of this browser session to `user` (who just registered or signed in) and publish
    what they may publish now. Returns publish_adopted's outcomes."""
    ids = session.get(SESSION_KEY, [])
    if ids:
        PendingGuestPost.objects.filter(pk__in=ids, adopted_by__isnull=True).update(adopted_by=user)
        session[SESSION_KEY] = []
    return publish_adopted(user)


# Stored as the post's state_reason in English and translated where it is shown (the approval queue).
TOO_MANY_AT_ONCE = gettext_noop("More replies were written before registering than are published at once: a "
                                "moderator looks at the others.")


def publish_adopted(user):
    """Publish the posts `user` adopted, oldest first. Returns a list of (post, approval_reason, refusal): a refusal
    (such as an email address not confirmed yet) keeps the post waiting, to be tried again when it goes away.

    Flood control: a reply written as a guest was already bounded by the guest limits, so a few are published at
    once, however soon after each other: at most the board's guest_posts_per_email (what one guest address may have
    waiting). Any more (a browser that gathered replies under many addresses) go to the approval queue instead of
    flooding the board. Each published post counts in the member's flood window (its time is when it is published),
    so their next post waits as usual."""
    outcomes = []
    published, limit = 0, board_settings().guest_posts_per_email
    for pending in (PendingGuestPost.objects.filter(adopted_by=user).select_related("post__topic__forum")
                    .order_by("created_at", "pk")):
        post = pending.post
        reason = permissions.adopted_post_approval_reason(user, post.topic.forum)
        if reason is None and published >= limit:
            reason = TOO_MANY_AT_ONCE
        try:
            post = forum_services.publish_awaiting(post, user, reason)
        except forum_services.PostingRefused as refused:
            outcomes.append((post, None, str(refused)))
            continue
        pending.delete()
        published += post.state == Post.State.VISIBLE
        outcomes.append((post, _(reason) if reason else None, None))
    return outcomes


def resume_token(pending):
    return signing.dumps(pending.pk, salt=_RESUME_SALT)


def resume(session, token):
    """The reminder email's link: this browser may now finish registering for that post. False if not valid."""
    try:
        pending_id = signing.loads(token, salt=_RESUME_SALT, max_age=settings.AGORA_GUEST_POST_KEEP_DAYS * 86400)
    except signing.BadSignature:
        return False
    if not PendingGuestPost.objects.filter(pk=pending_id, adopted_by__isnull=True).exists():
        return False
    _remember(session, pending_id)
    return True


def send_reminders(now=None):
    """One email per pending post, once it is REMIND_AFTER days old. Returns how many were sent."""
    now = now or timezone.now()
    due = PendingGuestPost.objects.filter(
        reminded_at__isnull=True, adopted_by__isnull=True,
        created_at__lte=now - timedelta(days=settings.AGORA_GUEST_POST_REMIND_AFTER_DAYS),
        created_at__gt=now - timedelta(days=settings.AGORA_GUEST_POST_KEEP_DAYS),
    ).select_related("post__topic")
    sent = 0
    for pending in due:
        link = pending.site_url.rstrip("/") + reverse("guestposts:resume", kwargs={"token": resume_token(pending)})
        context = {"pending": pending, "topic": pending.post.topic, "link": link,
                   "expires_at": pending.expires_at, "site_name": settings.SITE_NAME}
        with translation.override(pending.language or settings.LANGUAGE_CODE):
            send_mail(
                render_to_string("guestposts/reminder_subject.txt", context).strip(),
                render_to_string("guestposts/reminder_email.txt", context),
                None, [pending.email],
            )
        PendingGuestPost.objects.filter(pk=pending.pk).update(reminded_at=now)
        sent += 1
    return sent


def purge_expired(now=None):
    """Remove the posts that waited KEEP_DAYS without being adopted. Returns how many."""
    now = now or timezone.now()
    expired = Post.objects.filter(
        state=Post.State.AWAITING_REGISTRATION,
        pending_guest__created_at__lte=now - timedelta(days=settings.AGORA_GUEST_POST_KEEP_DAYS),
    )
    count = expired.count()
    expired.delete()
    return count


def has_adopted(user):
    return PendingGuestPost.objects.filter(adopted_by=user).exists()
