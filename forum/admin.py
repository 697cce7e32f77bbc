from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Category, Forum

# Topics and posts are registered by moderation/admin.py: their state changes only through the moderation services.


class ForumInline(admin.TabularInline):
    model = Forum
    fields = ["name", "description", "order"]
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    inlines = [ForumInline]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "order", "topic_count", "post_count", "allow_rating", "permissions_grid"]
    list_filter = ["category"]
    list_select_related = ["category"]
    readonly_fields = ["topic_count", "post_count", "last_post"]
    exclude = ["slug"]

    @admin.display(description=_("permissions"))
    def permissions_grid(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("moderation:forum_permissions", args=[obj.pk]),
                           _("Groups × permissions"))
