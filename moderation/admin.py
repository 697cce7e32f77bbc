from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_site import ReadOnlyAdmin

from .forms import ModeratorAdminForm
from .models import Ban, ForumPermission, ModerationLog, Moderator, PostRevision, Report, Warning


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "target_type", "target_label", "forum", "ip_address",
                    "reason"]
    list_filter = ["action", "forum"]
    search_fields = ["actor_name", "target_label", "reason"]
    date_hierarchy = "created_at"


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "editor_name", "created_at", "reason"]
    list_select_related = ["post__topic"]


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    form = ModeratorAdminForm
    list_display = ["__str__", "all_forums", "tools"]
    filter_horizontal = ["forums"]
    raw_id_fields = ["user"]


@admin.register(ForumPermission)
class ForumPermissionAdmin(admin.ModelAdmin):
    list_display = ["forum", "group", "can_see", "can_read", "can_start", "can_reply", "can_rate", "can_upload",
                    "can_download", "can_post_without_approval", "grid"]
    list_filter = ["forum", "group"]
    list_select_related = ["forum", "group"]

    @admin.display(description=_("grid"))
    def grid(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("moderation:forum_permissions", args=[obj.forum_id]),
                           _("Edit all groups"))


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "created_at", "handled_at", "handled_by"]
    list_filter = ["reason"]
    list_select_related = ["post__topic", "reporter", "handled_by"]
    raw_id_fields = ["post", "reporter", "handled_by"]


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = ["member", "by", "created_at", "reason"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["kind", "member", "value", "reason", "created_at", "expires_at"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "created_by"]
