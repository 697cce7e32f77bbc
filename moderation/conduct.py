"""Warnings as on Invision Community: points that count until they expire, a reason the member reads on the site
(moderation.notice shows it until they acknowledge it), and an automatic suspension when a member's active points
reach the board's threshold (AGORA_WARNING_SUSPEND_POINTS for AGORA_WARNING_SUSPEND_DAYS days).

Every write takes the acting member and checks the permission itself, in one transaction with its log row."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from boardsettings import store as board_settings
from notifications import services as notifications

from .log import log
from .models import Warning
from .services import ModerationError, _lock_member

MAX_POINTS = 10


def active(warnings, now=None):
    """The warnings (a queryset) whose points still count: not withdrawn, not expired."""
    return warnings.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now()),
                           withdrawn_at__isnull=True)


def to_acknowledge(member):
    """The member's warnings whose notice they have still to read (a withdrawn warning no longer shows)."""
    return Warning.objects.filter(member=member, acknowledged_at__isnull=True, withdrawn_at__isnull=True)


def active_points(member, now=None):
    return active(Warning.objects.filter(member=member), now).aggregate(total=Sum("points"))["total"] or 0


def suspension_threshold():
    """(points, days) of the automatic suspension, or None when the board has none."""
    board = board_settings.current()
    points, days = board.warning_suspend_points, board.warning_suspend_days
    return (points, days) if points > 0 and days > 0 else None


@transaction.atomic
def warn_member(member, actor, reason, ip_address=None, points=1, expires_days=None):
    """Warn `member`: `points` (1 to MAX_POINTS) that stop counting after `expires_days` days (None: never). The
    member is told on the site (a notice to acknowledge, and a notification, emailed as they chose); reaching the
    board's threshold of active points suspends them at once (the warn tool is enough: it is the board's rule)."""
    member = _lock_member(member, actor, "warn")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Say why the member is warned."))
    if not 1 <= int(points) <= MAX_POINTS:
        raise ModerationError(_("A warning is worth 1 to %(max)s points.") % {"max": MAX_POINTS})
    if expires_days is not None and int(expires_days) < 1:
        raise ModerationError(_("Points expire after at least one day (or never)."))
    now = timezone.now()
    warning = Warning.objects.create(member=member, by=actor, reason=reason, points=points, created_at=now,
                                     expires_at=now + timedelta(days=int(expires_days)) if expires_days else None)
    get_user_model().objects.filter(pk=member.pk).update(warning_notice_pending=True)
    expiry = f"{timezone.localtime(warning.expires_at):%Y-%m-%d}" if warning.expires_at else "∞"
    log(actor, "member_warn", member, ip_address, f"{reason} (+{points}, {expiry})")
    notifications.member_warned(warning)
    _suspend_at_threshold(member, actor, ip_address, now)
    return warning


def _suspend_at_threshold(member, actor, ip_address, now):
    threshold = suspension_threshold()
    if threshold is None:
        return None
    points, days = threshold
    total = active_points(member, now)
    if total < points:
        return None
    until = now + timedelta(days=days)
    if member.suspended_until and member.suspended_until >= until:
        return None  # already suspended for longer
    reason = _("Automatic suspension: %(points)s active warning points") % {"points": total}
    get_user_model().objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason[:255])
    log(actor, "member_suspend", member, ip_address, f"{reason} ({timezone.localtime(until):%Y-%m-%d %H:%M})")
    return until


@transaction.atomic
def withdraw_warning(warning, actor, ip_address=None):
    """Withdraw a warning (the warn tool, as for giving one): it is kept, marked withdrawn, its points stop counting
    and, if the member had not read it yet, its notice no longer shows. An automatic suspension it led to stays (a
    moderator lifts it on the member's page)."""
    member = _lock_member(warning.member, actor, "warn")
    try:
        warning = Warning.objects.select_for_update().get(pk=warning.pk, member=member)
    except Warning.DoesNotExist:
        raise ModerationError(_("That warning no longer exists.")) from None
    if warning.withdrawn_at is not None:
        raise ModerationError(_("That warning was already withdrawn."))
    Warning.objects.filter(pk=warning.pk).update(withdrawn_at=timezone.now(), withdrawn_by=actor)
    pending = to_acknowledge(member).exists()
    get_user_model().objects.filter(pk=member.pk).update(warning_notice_pending=pending)
    log(actor, "member_warning_withdraw", member, ip_address,
        f"{warning.reason} (-{warning.points}, {timezone.localtime(warning.created_at):%Y-%m-%d})")
    warning.refresh_from_db()
    return warning


@transaction.atomic
def acknowledge_warnings(member):
    """The member has read their warnings ("I understand"): the notice stops. Returns how many were acknowledged."""
    if not (member is not None and member.is_authenticated):
        raise ModerationError(_("Sign in to acknowledge a warning."))
    count = Warning.objects.filter(member=member, acknowledged_at__isnull=True).update(acknowledged_at=timezone.now())
    get_user_model().objects.filter(pk=member.pk).update(warning_notice_pending=False)
    member.warning_notice_pending = False
    return count
