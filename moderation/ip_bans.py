"""IP-range bans, asked on every signed-in member's request (moderation.middleware), so kept in the shared cache.

The list lives under a versioned key; any change to a ban bumps the version (signals wired in apps.py), so every app
server sees a new or lifted ban at its next request, and a list read before the change can only be written under the
old version. A page costs no query while the cache is warm; a cold cache costs one small query per version.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.bans import ip_in_range
from accounts.models import Ban

VERSION_KEY = "agora:ip-bans:version"
LIST_TIMEOUT = 60 * 60  # a safety net: the version bump is what makes a change visible


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (evicted or cleared): start from a number no earlier list can have been stored under.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def _list_key(version):
    return f"agora:ip-bans:{version}"


def bump(**kwargs):
    """A ban was added, changed or lifted: the cached list is stale. Now, and again when the change commits (a list
    read in between, before the commit, is then stored under a version nobody asks for)."""
    def advance():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet: whoever asks next starts a fresh one
            pass

    advance()
    transaction.on_commit(advance)


def prime(bans):
    """Store the list for the current version (tests: the empty database has none)."""
    cache.set(_list_key(_version()), list(bans), LIST_TIMEOUT)


def ip_bans():
    key = _list_key(_version())
    bans = cache.get(key)
    if bans is None:
        bans = list(Ban.objects.filter(kind=Ban.Kind.IP).only("kind", "value", "expires_at", "reason"))
        cache.set(key, bans, LIST_TIMEOUT)
    return bans


def ip_ban_for(ip):
    """The IP ban covering `ip` now, or None."""
    if not ip:
        return None
    now = timezone.now()
    for ban in ip_bans():
        if (ban.expires_at is None or ban.expires_at > now) and ip_in_range(ip, ban.value):
            return ban
    return None
