from django.contrib import admin

from accounts.admin_site import ReadOnlyAdmin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    """Read-only: ratings change through the topic page, which keeps the topic's counters right."""

    list_display = ["topic", "user", "value", "updated_at"]
    list_select_related = ["topic", "user"]
    raw_id_fields = ["topic", "user"]
