"""Requests that no page can read are answered with the 400 page, before any view sees them: a NUL character or
bytes that are not UTF-8 anywhere in the path, the query string or a form (PostgreSQL refuses NUL in text, and a
view that reads such a value would fail with a 500)."""

import codecs
from urllib.parse import unquote_to_bytes

from django.shortcuts import render

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# Django's multipart parser decodes each field with errors="replace", so bytes that are not UTF-8 would reach the view
# as U+FFFD, and a real U+FFFD typed by someone could not be told from them. Read as this codec (UTF-8 that refuses
# whatever `errors` it is given), such a field raises instead, and the request gets the 400 page.
STRICT_UTF8 = "agora-strict-utf-8"
_UTF8 = codecs.lookup("utf-8")


def _strict_decode(data, errors="strict"):
    return _UTF8.decode(data, "strict")


def _find_strict_codec(name):
    if name.replace("_", "-") == STRICT_UTF8:
        return codecs.CodecInfo(name=STRICT_UTF8, encode=_UTF8.encode, decode=_strict_decode,
                                incrementalencoder=_UTF8.incrementalencoder,
                                incrementaldecoder=_UTF8.incrementaldecoder,
                                streamreader=_UTF8.streamreader, streamwriter=_UTF8.streamwriter)
    return None


codecs.register(_find_strict_codec)


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
            # Field values are read as strict UTF-8 (the rest of the request reads the same). A part whose headers
            # (field or file name) are not UTF-8 never reaches here: Django's parser drops it as an invalid header.
            request.encoding = STRICT_UTF8
            try:
                fields = list(request.POST.lists())
            except UnicodeDecodeError:
                return "form"
            for key, values in fields:
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
