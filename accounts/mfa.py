"""Two-factor authentication (allauth.mfa) is required for administrators and moderators before the admin and
moderation pages open."""


def role_requires_mfa(user):
    """Administrators, and moderators by group or by a moderator assignment (forum.permissions.viewer)."""
    from forum.permissions import is_moderator

    return user.is_authenticated and is_moderator(user)  # administrators moderate every forum


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]).exists()


def needs_mfa_setup(user):
    """True for a member whose role requires two-factor authentication and who has not set it up."""
    return role_requires_mfa(user) and not has_mfa(user)


def staff_mfa_required(view):
    """For moderation views outside AGORA_MFA_REQUIRED_PATHS (e.g. a tool posted from the topic page): staff
    without two-factor authentication are sent to set it up, as the middleware does for those paths."""
    from functools import wraps

    from django.contrib import messages
    from django.shortcuts import redirect

    from .middleware import MFA_REQUIRED_MESSAGE

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_mfa_setup(request.user):
            messages.warning(request, MFA_REQUIRED_MESSAGE())
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped
