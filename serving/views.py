import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.middleware.csrf import get_token
from django.utils._os import safe_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def health(request):
    """/healthz for load balancers and monitors: 200 when the database and the cache answer, 503 otherwise. Answered
    by serving.middleware.health_check before the host check, HTTPS redirect and sessions (no cookie ever)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # any failure is an answer here, not a 500
        checks["database"] = f"error: {type(error).__name__}"
    try:
        cache.set("healthz", 1, timeout=10)
        checks["cache"] = "ok" if cache.get("healthz") == 1 else "error: not stored"
    except Exception as error:
        checks["cache"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def form_token(request):
    """The CSRF token for a form on a page shared by the guest page cache (static/js/form-token.js asks for it when
    the form is used). Sets the csrftoken cookie, as any page with a form does for a member."""
    return JsonResponse({"token": get_token(request)})


# Uploads are images re-encoded by editor/services.py and accounts/avatars.py; anything else found under MEDIA_ROOT
# is offered as a download, never shown.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@require_GET
def media(request, path):
    """An uploaded file from MEDIA_ROOT (when uploads are kept on this server's disk rather than object storage),
    with its type, nosniff, inline only for images, a sandboxing CSP, and a day's cache."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] == "attachments":
        # Attachments go out only through their own view, which asks the forum's "download" permission and the
        # post's visibility (attachments.views): never straight from the disk.
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception:  # SuspiciousFileOperation: outside MEDIA_ROOT
        raise Http404
    if not full.is_file():
        raise Http404
    content_type, encoding = mimetypes.guess_type(full.name)
    inline = content_type in INLINE_TYPES and encoding is None
    response = FileResponse(full.open("rb"), content_type=content_type if inline else "application/octet-stream",
                            as_attachment=not inline, filename=full.name)
    if inline:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
