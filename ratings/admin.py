from django.contrib import admin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Read-only: ratings change through the topic page, which keeps the topic's counters right."""

    list_display = ["topic", "user", "value", "updated_at"]
    list_select_related = ["topic", "user"]
    raw_id_fields = ["topic", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
