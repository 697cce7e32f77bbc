from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .mfa import needs_mfa_setup


def MFA_REQUIRED_MESSAGE():
    return _("Administrators and moderators must turn on two-factor authentication before using the admin and "
             "moderation pages. Set up an authenticator app below; it takes a minute.")


class RequireMFAForStaff:
    """Administrators and moderators without two-factor authentication are sent to set it up before any page
    under AGORA_MFA_REQUIRED_PATHS (the admin, moderation) opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (any(request.path.startswith(p) for p in settings.AGORA_MFA_REQUIRED_PATHS)
                and needs_mfa_setup(request.user)):
            messages.warning(request, MFA_REQUIRED_MESSAGE())
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class LastSeen:
    """Keeps "last seen" for profiles: noted in the shared cache at most once per member per five minutes, written to
    the database in batches by `manage.py flush_counts` (signing in writes it at once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            from .services import note_seen

            note_seen(request.user)
        return self.get_response(request)
