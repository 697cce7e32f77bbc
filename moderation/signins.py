"""Where members sign in from, for "members who used this IP": one row per member and address, refreshed at each
sign-in (allauth's and Django's `user_logged_in`), and only the KEEP_PER_MEMBER most recent addresses per member."""

from django.db.models import F
from django.utils import timezone

from forum.http import client_ip

from .models import SignIn

KEEP_PER_MEMBER = 20


def record_sign_in(sender, request, user, **kwargs):
    ip = client_ip(request) if request is not None else None
    if not ip or user is None or not user.pk:
        return
    now = timezone.now()
    if not SignIn.objects.filter(member=user, ip_address=ip).update(last_at=now, count=F("count") + 1):
        SignIn.objects.bulk_create([SignIn(member=user, ip_address=ip, first_at=now, last_at=now)],
                                   ignore_conflicts=True)
        keep = SignIn.objects.filter(member=user).order_by("-last_at", "-pk").values("pk")[:KEEP_PER_MEMBER]
        SignIn.objects.filter(member=user).exclude(pk__in=keep).delete()
