"""Request and response helpers that every app uses, so each is written once: who is asking (client_ip), how they
asked (wants_json), where to send them back (safe_next), and how to say no (refused, form_error_text)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


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
