from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend


class MemberBackend(AuthenticationBackend):
    """allauth's sign-in (username or email), loading the member's group with them: every page shows or checks it,
    so this saves a query on each request."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("primary_group").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class GroupRoleBackend(BaseBackend):
    """Members of an administrators group hold every Django permission, so the admin screens open for them
    without a per-model permission table to keep in step."""

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and getattr(user_obj, "is_board_admin", False)

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, app_label)
