"""Requests that no page can read are answered with the 400 page, before any view sees them: a NUL character or
bytes that are not UTF-8 anywhere in the path, the query string or a form (PostgreSQL refuses NUL in text, and a
view that reads such a value would fail with a 500)."""

from urllib.parse import unquote_to_bytes

from django.shortcuts import render

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bad_encoded(raw):
    """True when a percent-encoded string (a query string or an urlencoded body) holds NUL or is not UTF-8."""
    if isinstance(raw, str):
        raw = raw.encode("latin-1", "replace")
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def malformed(request):
    """Why `request` cannot be read, or None."""
    if "\x00" in request.path_info or _bad_encoded(request.META.get("QUERY_STRING", "")):
        return "query"
    if request.method in ("POST", "PUT", "PATCH"):
        content_type = request.content_type or ""
        if content_type == "application/x-www-form-urlencoded":
            if _bad_encoded(request.body):
                return "form"
        elif content_type == "multipart/form-data":
            # Multipart fields are decoded by Django (bytes that are not UTF-8 become U+FFFD); NUL survives it.
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return "form"
            if any("\x00" in (upload.name or "") for upload in request.FILES.values()):
                return "form"
    return None


class RefuseMalformedInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if malformed(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def permissions_policy(get_response):
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""
    from django.conf import settings

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
