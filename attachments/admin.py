"""Administrators see who uses how much, and remove files (the file leaves the storage with its row)."""

from django.contrib import admin
from django.db.models import Count, Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Attachment
from .services import size_display


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "user", "size_shown", "content_type", "download_count", "post_count",
                    "created_at"]
    list_filter = ["content_type", "created_at"]
    search_fields = ["original_name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "file", "original_name", "content_type", "size", "width", "height", "download_count",
                       "created_at", "posts"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # files come from the editor, where they are checked

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(linked=Count("posts"))

    @admin.display(description=_("size"), ordering="size")
    def size_shown(self, obj):
        return size_display(obj.size)

    @admin.display(description=_("posts"), ordering="linked")
    def post_count(self, obj):
        return obj.linked

    def get_urls(self):
        usage = self.admin_site.admin_view(self.usage_view)
        return [path("usage/", usage, name="attachments_attachment_usage"), *super().get_urls()]

    def usage_view(self, request):
        """Usage per member: files and bytes, largest first, each leading to that member's files."""
        rows = (Attachment.objects.values("user", "user__username").annotate(files=Count("pk"), total=Sum("size"))
                .order_by("-total")[:500])
        changelist = reverse("admin:attachments_attachment_changelist")
        members = [{
            "name": row["user__username"] or _("Former members"),
            "files": row["files"], "total": size_display(row["total"] or 0),
            "url": f"{changelist}?user__exact={row['user']}" if row["user"] else f"{changelist}?user__isnull=True",
        } for row in rows]
        return TemplateResponse(request, "attachments/admin_usage.html", {
            **self.admin_site.each_context(request), "title": _("Attachment usage per member"), "members": members,
            "opts": self.model._meta,
        })

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "usage_link": format_html(
            '<a href="{}">{}</a>', reverse("admin:attachments_attachment_usage"), _("Usage per member"))}
        return super().changelist_view(request, extra_context)
