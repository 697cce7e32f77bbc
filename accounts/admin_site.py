from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class AgoraAdminSite(admin.AdminSite):
    site_header = _("Agora administration")
    site_title = _("Agora administration")

    def has_permission(self, request):
        """The Administrators group opens the admin, not Django's is_staff flag, and only with two-factor
        authentication set up (forum.permissions.is_board_admin fails closed)."""
        from forum.permissions import is_board_admin  # this module loads with the admin app, before any model

        return request.user.is_active and is_board_admin(request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records, not settings: nobody adds, edits or deletes them from the admin (ratings, the moderation log...)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgoraAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.AgoraAdminSite"
