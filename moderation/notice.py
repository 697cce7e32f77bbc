"""The member's side of warnings: the notice shown at their next visit until they press "I understand", and their
own warnings history.

The notice costs nothing for members without a warning to read: the middleware reads `warning_notice_pending` from
the user row that authentication loads anyway, and queries only when it is set."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.http import safe_next, wants_json

from . import conduct
from .models import Warning

# Pages a member with a warning to read may still open: signing out, two-factor, the language switch, files.
_ALWAYS_OPEN = ("/accounts/", "/i18n/", "/static/", "/media/", "/healthz", "/form-token/", "/groups.css")


def _asks_for_a_page(request):
    """A page load, not an image, a file or one of our JSON fetches."""
    accept = request.headers.get("Accept", "")
    return not wants_json(request) and (not accept or "text/html" in accept or accept.strip() == "*/*")


def _notice_applies(request):
    user = getattr(request, "user", None)
    return (user is not None and user.is_authenticated and getattr(user, "warning_notice_pending", False)
            and request.method in ("GET", "HEAD") and _asks_for_a_page(request)
            and not request.path.startswith(_ALWAYS_OPEN)
            and request.path not in (reverse("moderation:my_warnings"), reverse("moderation:acknowledge_warnings")))


def warning_notice(get_response):
    """A member with a warning they have not acknowledged sees it, with its reason, in place of the page they asked
    for (their form posts still go through: nothing they wrote is lost), until they press "I understand"."""

    def middleware(request):
        if _notice_applies(request):
            warnings = list(conduct.to_acknowledge(request.user).select_related("by").order_by("created_at"))
            if warnings:
                return render(request, "moderation/warning_notice.html", {
                    "warnings": warnings, "next": request.get_full_path()})
            conduct.acknowledge_warnings(request.user)  # the flag outlived its warnings (e.g. one was deleted)
        return get_response(request)

    return middleware


@require_POST
def acknowledge_warnings(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    conduct.acknowledge_warnings(request.user)
    messages.success(request, _("Thank you. The warning stays in your warnings history."))
    return redirect(safe_next(request, request.POST.get("next"), reverse("moderation:my_warnings")))


def my_warnings(request):
    """A member's own warnings: reason, points, and whether they still count."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    warnings = list(Warning.objects.filter(member=request.user).select_related("by").order_by("-created_at")[:200])
    now = timezone.now()
    return render(request, "moderation/my_warnings.html", {
        "warnings": warnings, "points": conduct.active_points(request.user, now),
        "threshold": conduct.suspension_threshold(),
        "unacknowledged": any(w.acknowledged_at is None and w.withdrawn_at is None for w in warnings),
    })
