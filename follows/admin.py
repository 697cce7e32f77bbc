from django.contrib import admin

from accounts.admin_site import ReadOnlyAdmin

from .models import Follow


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["member", "topic", "forum", "created_at"]
    raw_id_fields = ["member", "topic", "forum"]
