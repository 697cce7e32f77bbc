"""Two-factor authentication (allauth.mfa) is required for administrators and moderators before the admin and
moderation pages open."""


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]).exists()


def needs_mfa_setup(user):
    """True for a member whose role requires two-factor authentication and who has not set it up: such a member
    holds no staff power at all (forum.permissions.ViewerPermissions fails closed) until they do."""
    from forum.permissions import viewer

    return user.is_authenticated and viewer(user).mfa_missing()
