"""Two-factor authentication (allauth.mfa) is required for administrators and moderators before the admin and
moderation pages open."""


def role_requires_mfa(user):
    """Administrators, and moderators by group or by a moderator assignment (forum.permissions.viewer)."""
    from forum.permissions import viewer  # accounts loads before forum's models are ready (admin site, backends)

    return user.is_authenticated and viewer(user).holds_staff_role()


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]).exists()


def needs_mfa_setup(user):
    """True for a member whose role requires two-factor authentication and who has not set it up: such a member
    holds no staff power at all (forum.permissions.ViewerPermissions fails closed) until they do."""
    from forum.permissions import viewer

    return user.is_authenticated and viewer(user).mfa_missing()
