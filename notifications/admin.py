from django.contrib import admin

from accounts.admin_site import ReadOnlyAdmin

from .models import IgnoredMember, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "event", "created_at", "read_at", "delivery", "emailed_at"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["recipient", "actor", "topic", "post"]


@admin.register(IgnoredMember)
class IgnoredMemberAdmin(ReadOnlyAdmin):
    list_display = ["member", "ignored", "created_at"]
