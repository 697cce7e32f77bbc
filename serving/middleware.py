import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from . import logs, pagecache

request_log = logging.getLogger("agora.requests")

# Headers that belong to one response to one visitor, never stored with a shared page.
_NOT_STORED = {"set-cookie", "vary", "content-length", "x-request-id", "x-cache"}


def request_id(get_response):
    """Give each request an id (the proxy's X-Request-ID when it sends a sane one), put it on every log line of the
    request and on the response, and log one line per request: method, path, status, milliseconds."""

    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if 0 < len(given) <= 64 and given.replace("-", "").isalnum() else uuid.uuid4().hex
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = rid
            request_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
                "method": request.method, "path": request.path, "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            })
            return response
        finally:
            logs.request_id.reset(token)

    return middleware


def health_check(get_response):
    """/healthz answered first: no host check (a load balancer may ask by address), no HTTPS redirect, no session."""

    def middleware(request):
        if request.path == "/healthz":
            from .views import health

            return health(request)
        return get_response(request)

    return middleware


class GuestPageCache:
    """Guests' board pages from the shared cache (see pagecache.py for the keys and when a page may be shared).

    A page is stored only when it was a 200 that set no cookie and asked not to be private; its headers are stored
    with it, so that a hit carries what the middleware after this one added (framing and content-security rules).
    Pages rendered for sharing carry no CSRF token (serving.context_processors): forms on them fetch one when used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = pagecache.page_key(request)
        if found is None:
            return self.get_response(request)
        key, match = found
        stored = cache.get(key)
        if stored is not None:
            pagecache.served_from_cache(match)
            headers, content = stored
            response = HttpResponse(content if request.method == "GET" else b"", headers=headers)
            response["X-Cache"] = "hit"
            return response
        request.shared_page = True
        response = self.get_response(request)
        if (response.status_code == 200 and not response.streaming and not response.cookies
                and "private" not in response.get("Cache-Control", "") and request.method == "GET"):
            headers = {k: v for k, v in response.items() if k.lower() not in _NOT_STORED}
            cache.set(key, (headers, response.content), timeout=settings.AGORA_GUEST_PAGE_SECONDS)
        response["X-Cache"] = "miss"
        return response
