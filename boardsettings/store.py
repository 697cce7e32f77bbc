"""Reading the board settings costs no query on a busy page: the values live in the shared cache under a version
key, each process keeps the values of the current version in memory, and a request reads them once (its first read
is kept until it ends, boardsettings.middleware: one cache round trip per request). Saving bumps the version (at once, and
again when the transaction commits, as serving.pagecache does), so every process reads the new values at its next
request: no restart.

Versions start from the clock, so a version lost from the cache comes back larger than any one handed out before."""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

from .models import FIELDS, BoardSettings

VERSION_KEY = "boardsettings:v"
_memo = {}  # {version: BoardSettings} of this process: at most one entry
# Inside a request (boardsettings.middleware): {"settings": BoardSettings} once read, so a request asks the cache once.
_request = ContextVar("boardsettings_request", default=None)


@contextmanager
def request_scope():
    token = _request.set({})
    try:
        yield
    finally:
        _request.reset(token)


def _fresh():
    return time.time_ns() // 1000


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def current():
    """The board settings now in force (shared: do not change the object; change the settings with save())."""
    in_request = _request.get()
    if in_request and "settings" in in_request:
        return in_request["settings"]
    found = _current()
    if in_request is not None:
        in_request["settings"] = found
    return found


def _current():
    version = _version()
    found = _memo.get(version)
    if found is not None:
        return found
    key = f"boardsettings:d:{version}"
    values = cache.get(key)
    if values is None:
        values = (BoardSettings.objects.filter(pk=1).first() or BoardSettings.from_environment()).values()
        cache.set(key, values, timeout=7 * 24 * 3600)
    found = BoardSettings(pk=1, **values)
    _memo.clear()
    _memo[version] = found
    return found


def _bump_now():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: a fresh clock value is above every version handed out before
        cache.set(VERSION_KEY, _fresh(), timeout=None)


def save(values):
    """Store these values (a dict of some of FIELDS); -> [(field, old, new)] of what changed. The caller checks who
    may, and logs."""
    with transaction.atomic():
        BoardSettings.objects.bulk_create([BoardSettings.from_environment()], ignore_conflicts=True)
        row = BoardSettings.objects.select_for_update().get(pk=1)
        changes = [(name, getattr(row, name), values[name]) for name in FIELDS
                   if name in values and getattr(row, name) != values[name]]
        for name, _old, new in changes:
            setattr(row, name, new)
        row.save()
        _bump_now()
        if _request.get():
            _request.get().clear()  # this request's later reads see the new values
        transaction.on_commit(_bump_now)
    return changes
