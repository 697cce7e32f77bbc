from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from forum.signals import access_changed

from .models import MemberGroup, TermsDocument, User

# Member groups are the board's one kind of group: Django's own "Groups" page would be a second one that grants
# nothing here (permissions come from member groups, accounts.backends.GroupRoleBackend).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(MemberGroup)
class MemberGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "badge_colour", "order", "is_admin", "is_moderator", "edit_minutes", "delete_own_minutes",
                    "attachment_quota_bytes"]
    list_editable = ["order"]


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = ["username", "email", "primary_group", "post_count", "date_joined", "is_active"]
    list_filter = ["primary_group", "is_active"]
    list_select_related = ["primary_group"]
    search_fields = ["username", "email"]
    fieldsets = UserAdmin.fieldsets + (
        (_("Forum"), {"fields": ["primary_group", "post_count", "reputation", "terms_version", "terms_accepted_at"]}),
    )
    readonly_fields = ["post_count", "reputation", "terms_version", "terms_accepted_at", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "primary_group" in form.changed_data:
            # Another group reads other forums: what the member was told about is rechecked (the bell's count).
            access_changed.send(type(obj), member_ids=[obj.pk], forum_ids=[], actor=request.user)


@admin.register(TermsDocument)
class TermsDocumentAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at"]
