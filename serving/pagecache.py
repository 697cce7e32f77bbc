"""The guest page cache: board pages as a guest sees them, shared by every app server through the cache.

A page's key holds the versions of what it shows: the board as a whole ("board": names of forums and categories,
members' names and badges, any post that an embed card or a quote may show elsewhere), the index ("index": every
forum's last post), one forum ("forum:<id>": its topic list) or one topic ("topic:<id>": its posts, rating,
recommendations). A write bumps the versions it touches, so the next request of any server builds a new key and the
old pages are never read again (they expire). It bumps them again once its transaction commits: a page another
request rendered from the data as it was before the commit can only have been stored under a retired version.

Versions start from the clock, not from 1, so that a version lost from the cache (evicted, or Redis restarted)
comes back larger than any key already stored rather than equal to an old one.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

VERSION_PREFIX = "pagecache:v:"

# url name -> the versions its page depends on (besides "board"); kwargs from the URL fill the ids.
PAGES = {
    "forum:index": lambda kwargs: ["index"],
    "forum:forum": lambda kwargs: [f"forum:{kwargs['pk']}"],
    "forum:forum_page": lambda kwargs: [f"forum:{kwargs['pk']}"],
    "forum:topic": lambda kwargs: [f"topic:{kwargs['pk']}"],
    "forum:topic_page": lambda kwargs: [f"topic:{kwargs['pk']}"],
}


def _fresh():
    return time.time_ns() // 1000


def versions(names):
    """The current version of each name, making the missing ones (one round trip when all exist)."""
    keys = [VERSION_PREFIX + n for n in names]
    found = cache.get_many(keys)
    out = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh(), timeout=None)
            value = cache.get(key)
        out.append(value)
    return out


def _bump_now(names):
    for name in set(names):
        key = VERSION_PREFIX + name
        try:
            cache.incr(key)
        except ValueError:  # missing: any fresh clock value is above every version handed out before
            cache.set(key, _fresh(), timeout=None)


def bump(*names):
    """Mark what changed: at once, and again when the current transaction commits. The first makes the writer's own
    next page right even inside a transaction that is still open (a test's, a command's); the second retires any page
    that another request rendered from the data as it was before the commit and stored under the first one."""
    names = [n for n in names if n]
    if names:
        _bump_now(names)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump_now(names))


def topic_changed(topic_id, forum_id=None):
    """A topic's page changed (a reply, a rating, a recommendation...): its page, its forum's list and the index."""
    bump(f"topic:{topic_id}", f"forum:{forum_id}" if forum_id else None, "index")


def board_changed():
    """Something any page may show changed (a forum renamed, a member's name or badge, a post hidden)."""
    bump("board")


def page_key(request):
    """(key, url match) of this request's page when a guest's copy of it may be shared, else None.

    Shared: GET or HEAD, no query string, no session cookie (a guest with a session may have something of their own
    on the page: a waiting reply, a message) and no messages cookie, on a board page listed in PAGES."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    depends = PAGES.get(match.view_name)
    if depends is None:
        return None
    names = ["board", *depends(match.kwargs)]
    stamp = ".".join(str(v) for v in versions(names))
    notice = "n" if settings.AGORA_NOTICE_COOKIE in cookies else "N"
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"pagecache:p:{stamp}:{get_language()}:{notice}:{hashlib.sha256(url.encode()).hexdigest()[:32]}", match


def served_from_cache(match):
    """What the view would have done besides rendering: a topic page counts a view (in the cache)."""
    if match.view_name in ("forum:topic", "forum:topic_page"):
        from forum.services import count_view

        count_view(int(match.kwargs["pk"]))
