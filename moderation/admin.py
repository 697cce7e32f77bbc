"""The moderation records in the Django admin, and topics and posts.

Topics and posts: state (hidden, deleted, moved, pinned, locked, pending, forum) is read-only on the forms; it changes
only through admin actions that call the moderation services with the administrator as the actor, so counters stay
right and the log has a row. A post's content edit goes through services.edit_post (a revision and a log row)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from accounts.admin_site import ReadOnlyAdmin
from forum.http import client_ip
from forum.models import Forum, Post, Topic
from forum.signals import access_changed

from . import services
from .forms import ModeratorAdminForm
from .models import Ban, ForumPermission, ModerationLog, Moderator, PostRevision, Report, Warning


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "target_type", "target_label", "forum", "ip_address",
                    "reason"]
    list_filter = ["action", "forum"]
    search_fields = ["actor_name", "target_label", "reason"]
    date_hierarchy = "created_at"


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "editor_name", "created_at", "reason"]
    list_select_related = ["post__topic"]


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    form = ModeratorAdminForm
    list_display = ["__str__", "all_forums", "tools"]
    filter_horizontal = ["forums"]
    raw_id_fields = ["user"]


@admin.register(ForumPermission)
class ForumPermissionAdmin(admin.ModelAdmin):
    list_display = ["forum", "group", "can_see", "can_read", "can_start", "can_reply", "can_rate", "can_upload",
                    "can_download", "can_post_without_approval", "grid"]
    list_filter = ["forum", "group"]
    list_select_related = ["forum", "group"]

    # A row changed here is a change of the forum's grid, as on the grid's own page.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        access_changed.send(ForumPermission, forum_ids=[obj.forum_id], member_ids=[], actor=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        access_changed.send(ForumPermission, forum_ids=[obj.forum_id], member_ids=[], actor=request.user)

    def delete_queryset(self, request, queryset):
        forum_ids = sorted(set(queryset.values_list("forum_id", flat=True)))
        super().delete_queryset(request, queryset)
        access_changed.send(ForumPermission, forum_ids=forum_ids, member_ids=[], actor=request.user)

    @admin.display(description=gettext_lazy("grid"))
    def grid(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("moderation:forum_permissions", args=[obj.forum_id]),
                           _("Edit all groups"))


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "created_at", "handled_at", "handled_by"]
    list_filter = ["reason"]
    list_select_related = ["post__topic", "reporter", "handled_by"]
    raw_id_fields = ["post", "reporter", "handled_by"]


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = ["member", "by", "created_at", "points", "expires_at", "acknowledged_at", "reason"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["kind", "member", "value", "reason", "created_at", "expires_at"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "created_by"]


# Topics and posts ---------------------------------------------------------------------------------------------------
def _run(modeladmin, request, queryset, act):
    """act(obj, ip) for each chosen object; one message says how many were done and why any were not."""
    done, problems, ip = 0, [], client_ip(request)
    for obj in queryset.order_by("pk"):
        try:
            act(obj, ip)
        except (services.ModerationError, services.ModerationRefused) as error:
            problems.append(f"{obj}: {error}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, ngettext("%(count)d done.", "%(count)d done.", done) % {"count": done},
                                messages.SUCCESS)
    for problem in problems:
        modeladmin.message_user(request, problem, messages.ERROR)


def _topic_flag(action, description):
    def run(modeladmin, request, queryset):
        _run(modeladmin, request, queryset,
             lambda topic, ip: services.set_topic_flag(topic, action, request.user, ip))

    run.__name__ = f"topic_{action}"
    return admin.action(description=description)(run)


@admin.action(description=gettext_lazy("Delete (to the recycle bin)"))
def delete_topics(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, lambda topic, ip: services.delete_topic(topic, request.user, ip))


@admin.action(description=gettext_lazy("Restore from the recycle bin"))
def restore_topics(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(deleted_at__isnull=False),
         lambda topic, ip: services.restore_topic(topic, request.user, ip))


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(Forum.objects.order_by("name"), label=gettext_lazy("Move into"))
    leave_pointer = forms.BooleanField(label=gettext_lazy("Leave a link in the old forum"), required=False)


@admin.action(description=gettext_lazy("Move to another forum…"))
def move_topics(modeladmin, request, queryset):
    """First an intermediate page asks where to; its form posts back to this action with `apply`."""
    form = MoveForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        forum = form.cleaned_data["forum"]
        _run(modeladmin, request, queryset.exclude(forum=forum),
             lambda topic, ip: services.move_topic(topic, forum, request.user, ip,
                                                   form.cleaned_data["leave_pointer"]))
        return None
    return render(request, "admin/moderation/move_topics.html", {
        **modeladmin.admin_site.each_context(request), "title": _("Move topics"), "form": form,
        "topics": queryset, "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }, status=400 if form.errors else 200)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "post_count", "view_count", "last_post_at",
                    "is_pinned", "is_locked", "is_hidden", "deleted_at"]
    list_filter = ["forum", "is_pinned", "is_locked", "is_hidden", "is_pending"]
    list_select_related = ["forum", "author"]
    search_fields = ["title"]
    fields = ["title", "forum", "author", "author_name", "slug", "is_pinned", "is_locked", "is_hidden",
              "hidden_reason", "is_pending", "deleted_at", "moved_to", "post_count", "last_position", "view_count",
              "last_post", "last_post_at", "created_at", "rating_total", "rating_count"]
    readonly_fields = [f for f in fields if f != "title"]
    actions = [_topic_flag("pin", gettext_lazy("Pin")), _topic_flag("unpin", gettext_lazy("Unpin")),
               _topic_flag("lock", gettext_lazy("Lock")), _topic_flag("unlock", gettext_lazy("Unlock")),
               _topic_flag("hide", gettext_lazy("Hide")), _topic_flag("unhide", gettext_lazy("Unhide")),
               delete_topics, restore_topics, move_topics]

    def has_add_permission(self, request):
        return False  # topics start on the site, with their first post

    def save_model(self, request, obj, form, change):
        """The title is the one field the form changes, through the service (edit tool, log row)."""
        if "title" in form.changed_data:
            try:  # a refusal (a PermissionDenied) answers 403 and changes nothing
                services.rename_topic(obj, form.cleaned_data["title"], request.user, client_ip(request))
            except services.ModerationError as error:
                self.message_user(request, str(error), messages.ERROR)
            obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False  # "Delete (to the recycle bin)" instead: counters and the log follow

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def _post_action(name, description, service):
    def run(modeladmin, request, queryset):
        _run(modeladmin, request, queryset, lambda post, ip: service(post, request.user, ip_address=ip))

    run.__name__ = f"post_{name}"
    return admin.action(description=description)(run)


class PostAdminForm(forms.ModelForm):
    edit_reason_given = forms.CharField(label=gettext_lazy("Reason for the edit"), max_length=255, required=False)

    class Meta:
        model = Post
        fields = ["content"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["__str__", "author", "author_name", "created_at", "state"]
    list_filter = ["state"]
    list_select_related = ["topic", "author"]
    search_fields = ["content", "author__username", "author_name"]
    fields = ["topic", "position", "author", "author_name", "content", "edit_reason_given", "state",
              "state_reason", "created_at", "edited_at", "edited_by", "edit_reason", "deleted_at", "ip_address"]
    readonly_fields = [f for f in fields if f not in ("content", "edit_reason_given")]
    actions = [_post_action("hide", gettext_lazy("Hide"), services.hide_post),
               _post_action("unhide", gettext_lazy("Unhide"), services.unhide_post),
               _post_action("delete", gettext_lazy("Delete (to the recycle bin)"), services.delete_post),
               _post_action("restore", gettext_lazy("Restore from the recycle bin"), services.restore_post),
               _post_action("approve", gettext_lazy("Approve"), services.approve_post)]

    def has_add_permission(self, request):
        return False  # posts are written on the site, where their position and counters are kept

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        """The content goes through the same edit as on the site: sanitized, the old version kept, logged."""
        if "content" not in form.changed_data:
            return
        try:  # a refusal (a PermissionDenied) answers 403 and changes nothing
            services.edit_post(obj, request.user, form.cleaned_data["content"],
                               form.cleaned_data["edit_reason_given"], client_ip(request))
        except services.ModerationError as error:
            self.message_user(request, str(error), messages.ERROR)
        obj.refresh_from_db()
