from django.contrib.auth.backends import BaseBackend


class GroupRoleBackend(BaseBackend):
    """Members of an administrators group hold every Django permission, so the admin screens open for them
    without a per-model permission table to keep in step."""

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and getattr(user_obj, "is_board_admin", False)

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, app_label)
