from django.contrib import admin

from .models import ShortLink


@admin.register(ShortLink)
class ShortLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "topic", "post", "visits", "created_at"]
    search_fields = ["code"]
    raw_id_fields = ["topic", "post"]
    readonly_fields = ["code", "visits", "created_at"]
