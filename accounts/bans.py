"""Banned email addresses and IP ranges, asked in one place: sign-up and posting before registering both call
is_banned(). The moderation work (issue 6) bans members too; the lead joins both behind this one function."""

import ipaddress

from django.db.models import Q


def is_banned(email=None, ip=None):
    """True when the email address (exactly, or its whole domain) or the IP address falls under a ban."""
    from .models import Ban

    bans = Ban.objects.none()
    if email:
        email = email.strip().lower()
        domain = email.rpartition("@")[2]
        bans = bans | Ban.objects.filter(Q(email__iexact=email) | Q(email__iexact=f"@{domain}"))
    if bans.exists():
        return True
    if ip:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        for network in Ban.objects.exclude(ip_network="").values_list("ip_network", flat=True):
            try:
                if address in ipaddress.ip_network(network, strict=False):
                    return True
            except ValueError:
                continue
    return False
