"""Two-factor authentication (allauth.mfa) is required for administrators and moderators before the admin and
moderation pages open."""


def role_requires_mfa(user):
    if not user.is_authenticated:
        return False
    group = user.primary_group if user.primary_group_id else None
    return user.is_superuser or bool(group and (group.is_admin or group.is_moderator))


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]).exists()


def needs_mfa_setup(user):
    """True for a member whose role requires two-factor authentication and who has not set it up."""
    return role_requires_mfa(user) and not has_mfa(user)
