from django.contrib import admin

from .models import PendingGuestPost


@admin.register(PendingGuestPost)
class PendingGuestPostAdmin(admin.ModelAdmin):
    list_display = ["email", "post", "created_at", "reminded_at", "adopted_by", "ip_address"]
    list_select_related = ["post__topic", "adopted_by"]
    search_fields = ["email"]
    readonly_fields = ["post", "created_at", "reminded_at", "adopted_by", "site_url", "language"]
