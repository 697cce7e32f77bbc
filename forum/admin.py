from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .content import sanitize_html
from .models import Category, Forum, Post, Topic


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


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "post_count", "view_count", "last_post_at",
                    "is_pinned", "is_locked", "is_hidden"]
    list_filter = ["forum", "is_pinned", "is_locked", "is_hidden"]
    list_select_related = ["forum", "author"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    readonly_fields = ["slug", "post_count", "last_position", "view_count", "last_post", "last_post_at", "created_at",
                       "rating_total", "rating_count"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "author_name", "created_at", "state"]
    list_filter = ["state"]
    list_select_related = ["topic", "author"]
    search_fields = ["content", "author__username", "author_name"]
    raw_id_fields = ["topic", "author"]
    readonly_fields = ["topic", "position", "created_at", "ip_address"]

    def save_model(self, request, obj, form, change):
        # The admin edits stored HTML too: it goes through the same sanitizer as every post.
        obj.content = sanitize_html(obj.content)
        super().save_model(request, obj, form, change)
