"""Is this member, email address or IP address banned? One small query; IP ranges are matched in Python.
Asked by sign-in and sign-up (accounts.adapter), guest posting and forum.permissions; the bans pages are moderation's."""

import ipaddress

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Ban


def ban_for(user=None, email=None, ip=None):
    """The ban that applies, or None."""
    conditions = Q(kind=Ban.Kind.IP) if ip else Q(pk__in=[])
    if user is not None and getattr(user, "pk", None):
        conditions |= Q(kind=Ban.Kind.MEMBER, member=user)
    if email:
        email = email.strip().lower()
        domain = email.rpartition("@")[2]
        conditions |= Q(kind=Ban.Kind.EMAIL, value__iexact=email) | Q(kind=Ban.Kind.EMAIL, value__iexact=f"*@{domain}")
    if not (ip or email or (user is not None and getattr(user, "pk", None))):
        return None
    now = timezone.now()
    for ban in Ban.objects.filter(conditions).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now)):
        if ban.kind != Ban.Kind.IP:
            return ban
        if ip_in_range(ip, ban.value):
            return ban
    return None


def ip_in_range(ip, value):
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return False


def is_banned(email=None, ip=None, user=None):
    """For guest posting and sign-up: True when the email address, IP address or member is banned."""
    return ban_for(user=user, email=email, ip=ip) is not None


def ban_message(ban):
    """What a banned member is told at sign-in, and when signed out by the middleware."""
    if ban.expires_at:
        return _("Your account is banned until %(when)s.") % {"when": date_format(ban.expires_at, "DATETIME_FORMAT")}
    return _("Your account is banned.")
