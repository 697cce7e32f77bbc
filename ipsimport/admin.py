from django.contrib import admin

from accounts.admin_site import ReadOnlyAdmin

from .models import OldId, Progress, SourceBoard


class ProgressInline(admin.TabularInline):
    model = Progress
    fields = ["step", "last_id", "rows", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SourceBoard)
class SourceBoardAdmin(ReadOnlyAdmin):
    """Read-only: `manage.py import_ips` writes these; the last report lists what was not imported."""

    list_display = ["key", "base_url", "started_at", "finished_at"]
    inlines = [ProgressInline]


@admin.register(OldId)
class OldIdAdmin(ReadOnlyAdmin):
    """Which IPS row became which Agora row: what the old links' redirects read."""

    list_display = ["kind", "old_id", "new_id", "old_slug", "board"]
    list_filter = ["kind"]
    search_fields = ["=old_id", "=new_id", "old_slug"]
