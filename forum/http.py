"""Request and response helpers that every app uses, so each is written once: who is asking (client_ip), how they
asked (wants_json), where to send them back (safe_next), and how to say no (refused, form_error_text).

client_ip believes `X-Forwarded-For` only as far as settings.TRUSTED_PROXIES says, which is either
- a number N: the site sits behind exactly N proxies, each appending the address it saw to `X-Forwarded-For`, so
  the client is the N-th address from the right (anything further left was written by the client and is ignored);
- networks ("10.0.0.0/8, 2001:db8::/32"): a request from a peer in these networks is a proxy's; walking the header
  from the right, the first address outside them is the client;
- 0 or empty (the default): the header is never believed, the client is REMOTE_ADDR.
Bans, rate limits (django-ratelimit through RATELIMIT_IP_META_KEY, allauth through the account adapter), guest
posting limits and the moderation log all ask it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


@lru_cache(maxsize=8)
def _parse(value):
    """-> (hop count, networks): one of them is empty."""
    if isinstance(value, int):
        return max(value, 0), ()
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    value = (value or "").strip()
    if not value:
        return 0, ()
    if value.isdigit():
        return int(value), ()
    return 0, tuple(ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


def trusted_proxies():
    value = getattr(settings, "TRUSTED_PROXIES", 0)
    return _parse(tuple(value) if isinstance(value, list) else value)


def _address(text):
    """A bare IP address from one header entry, or None ("1.2.3.4", "[2001:db8::1]", not ports or garbage)."""
    text = text.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _in(address, networks):
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request):
    """The client's IP address as a string, or None when the server was not told one."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    hops, networks = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote is None or not forwarded or not (hops or networks):
        return remote
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if hops:
        # The last `hops` proxies each appended one entry; REMOTE_ADDR is the last of them.
        chosen = _address(entries[max(len(entries) - hops, 0)]) if entries else None
        return chosen or remote
    if not _in(remote, networks):
        return remote  # not one of our proxies: its header is whatever the client wrote
    client = remote
    for entry in reversed(entries):
        address = _address(entry)
        if address is None:
            break  # unreadable: the last address we could trust stands
        client = address
        if not _in(address, networks):
            break
    return client


def wants_json(request):
    """Our fetch() calls ask for JSON; a plain form post (whose Accept header also allows */*) gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


def safe_next(request, target, fallback="/"):
    """`target` when it is a path on this site (Django's own check: no other host, no scheme tricks), else
    `fallback`."""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def form_error_text(form):
    """Every error of a form in one line, for a message or a JSON answer."""
    return " ".join(message for messages in form.errors.values() for message in messages)


def refused(request, topic, message, status):
    """An action that was not done (refused or bad input): the reason, in words, with the right status."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "forum/not_done.html", {"topic": topic, "message": message}, status=status)
