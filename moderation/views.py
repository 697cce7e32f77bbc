"""Moderator and administrator pages: form -> permission -> service -> redirect. Every change is a POST."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import MemberGroup, User
from forum import permissions
from forum.http import client_ip, refused
from forum.models import Forum, Post, Topic
from forum.services import PostingRefused
from safety.limits import over_rate
from safety.params import parse_id

from . import own_posts, services
from .bans import ban_for
from .forms import (BanValueForm, BulkForm, CloseReportForm, EditPostForm, MemberActionForm, MergeForm,
                    MessageForm, MoveForm, ReasonForm, ReportForm, SplitForm)
from .models import FORUM_PERMISSIONS, Ban, ForumPermission, PostRevision, Report


def require_tool(request, forum, tool):
    if not (request.user.is_authenticated and permissions.may_moderate(request.user, forum, tool)):
        raise PermissionDenied


def require_admin(request):
    if not permissions.is_board_admin(request.user):
        raise PermissionDenied


def _get_topic(request, pk):
    """A topic the viewer may see (the recycle bin included, for those who hold the delete tool there); anything
    else is a 404 exactly like a missing id, so a tool never tells whether hidden content exists."""
    return get_object_or_404(Topic.objects.visible_to(request.user, with_deleted=True).select_related("forum"), pk=pk)


def _get_post(request, pk):
    """A post the viewer may see (as _get_topic): then a tool the viewer does not hold is refused (403)."""
    return get_object_or_404(
        Post.objects.visible_to(request.user, with_deleted=True).select_related("topic__forum", "author"), pk=pk)


def _reason(request):
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


def _refused(request, error):
    messages.error(request, str(error))


# Topics ----------------------------------------------------------------------------------------------------------
TOPIC_TOOL = {action: tool for action, tool in services.TOPIC_TOOL.items()
              if action in services.TOPIC_FLAGS or action in ("delete", "restore")}


@require_POST
def topic_action(request, pk, action):
    if action not in TOPIC_TOOL:
        raise Http404
    topic = _get_topic(request, pk)
    require_tool(request, topic.forum, TOPIC_TOOL[action])
    reason, ip = _reason(request), client_ip(request)
    if action == "delete":
        services.delete_topic(topic, request.user, ip, reason)
        messages.success(request, _("The topic is in the recycle bin."))
        return redirect(topic.forum)
    if action == "restore":
        services.restore_topic(topic, request.user, ip)
    else:
        services.set_topic_flag(topic, action, request.user, ip, reason)
    messages.success(request, _("Done."))
    return redirect(topic)


def move_topic(request, pk):
    topic = _get_topic(request, pk)
    require_tool(request, topic.forum, "move")
    form = MoveForm(request.POST or None, initial={"forum": topic.forum_id})
    if request.method == "POST" and form.is_valid() and not permissions.may_moderate(
            request.user, form.cleaned_data["forum"], "move"):
        form.add_error("forum", _("You cannot move topics into that forum."))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_topic(topic, form.cleaned_data["forum"], request.user, client_ip(request),
                                form.cleaned_data["leave_pointer"], form.cleaned_data["reason"])
        except services.ModerationError as error:
            form.add_error("forum", str(error))
        else:
            messages.success(request, _("The topic was moved."))
            return redirect(topic)
    return render(request, "moderation/topic_form.html", {
        "topic": topic, "form": form, "heading": _("Move topic"), "button": _("Move"),
    }, status=400 if form.errors else 200)


def merge_topic(request, pk):
    topic = _get_topic(request, pk)
    require_tool(request, topic.forum, "split_merge")
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if not permissions.may_moderate(request.user, target.forum, "split_merge"):
            form.add_error("target", _("You cannot merge into a topic of that forum."))
        else:
            try:
                target = services.merge_topics(topic, target, request.user, client_ip(request))
            except services.ModerationError as error:
                form.add_error("target", str(error))
            else:
                messages.success(request, _("The topics were merged."))
                return redirect(target)
    return render(request, "moderation/topic_form.html", {
        "topic": topic, "form": form, "heading": _("Merge this topic into another"), "button": _("Merge"),
    }, status=400 if form.errors else 200)


@require_POST
def split_topic(request, pk):
    topic = _get_topic(request, pk)
    require_tool(request, topic.forum, "split_merge")
    post_ids = list(Post.objects.filter(topic=topic).values_list("pk", flat=True))
    form = SplitForm(request.POST, post_ids=post_ids)
    if form.is_valid():
        try:
            new = services.split_topic(topic, form.cleaned_data["posts"], form.cleaned_data["title"],
                                       request.user, client_ip(request))
        except services.ModerationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The posts were moved into a new topic."))
            return redirect(new)
    else:
        for errors in form.errors.values():
            for error in errors:
                _refused(request, error)
    return redirect(topic)


@require_POST
def bulk(request, pk):
    forum = get_object_or_404(Forum, pk=pk)
    if not (request.user.is_authenticated and permissions.is_moderator(request.user, forum)):
        raise PermissionDenied
    topic_ids = list(Topic.objects.filter(forum=forum, moved_to__isnull=True).values_list("pk", flat=True))
    form = BulkForm(request.POST, topic_ids=topic_ids)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                _refused(request, error)
        return redirect(forum)
    action = form.cleaned_data["action"]
    require_tool(request, forum, TOPIC_TOOL.get(action, action))
    if action == "move" and not permissions.may_moderate(request.user, form.cleaned_data["forum"], "move"):
        raise PermissionDenied
    ip, reason = client_ip(request), form.cleaned_data["reason"]
    with transaction.atomic():
        for topic in Topic.objects.filter(pk__in=form.cleaned_data["topics"]).order_by("pk"):
            if action == "delete":
                services.delete_topic(topic, request.user, ip, reason)
            elif action == "move":
                if topic.forum_id != form.cleaned_data["forum"].pk:
                    services.move_topic(topic, form.cleaned_data["forum"], request.user, ip, False, reason)
            else:
                services.set_topic_flag(topic, action, request.user, ip, reason)
    messages.success(request, _("Done."))
    return redirect(forum)


# Posts -----------------------------------------------------------------------------------------------------------
POST_TOOL = {"hide": "hide", "unhide": "hide", "delete": "delete", "restore": "delete", "approve": "approve",
             "reject": "approve"}


@require_POST
def post_action(request, pk, action):
    if action not in POST_TOOL:
        raise Http404
    post = _get_post(request, pk)
    topic = post.topic
    require_tool(request, topic.forum, POST_TOOL[action])
    reason, ip = _reason(request), client_ip(request)
    message_form = MessageForm(request.POST)
    message = message_form.cleaned_data["message"] if message_form.is_valid() else ""
    try:
        if action == "hide":
            services.hide_post(post, request.user, ip, reason)
        elif action == "unhide":
            services.unhide_post(post, request.user, ip)
        elif action == "delete":
            services.delete_post(post, request.user, ip, reason)
        elif action == "restore":
            services.restore_post(post, request.user, ip)
        elif action == "approve":
            services.approve_post(post, request.user, ip, message)
        elif action == "reject":
            services.reject_post(post, request.user, ip, message)
    except services.ModerationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Done."))
    target = request.POST.get("next")
    if target == "queue":
        return redirect("moderation:queue")
    if target == "reports":
        return redirect("moderation:reports")
    post.refresh_from_db()
    if action == "reject" and post.position == 1:
        return redirect(topic.forum)
    return redirect(topic.post_url(post))


def edit_post(request, pk):
    post = _get_post(request, pk)
    topic = post.topic
    refusal = permissions.edit_refusal(request.user, post, topic)
    if refusal and request.method != "POST":
        return refused(request, topic, refusal, 403)
    is_first = post.position == 1
    form = EditPostForm(request.POST or None, initial={"content": post.content, "title": topic.title})
    if refusal:  # e.g. the edit time limit passed while they wrote: say why, and keep what they wrote
        form.is_valid()
        form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post, request.user, form.cleaned_data["content"], form.cleaned_data["reason"],
                               client_ip(request), title=form.cleaned_data["title"] if is_first else None)
        except PostingRefused as refusal_error:  # e.g. more attached files than the author's group allows
            form.add_error(None, str(refusal_error))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(topic.post_url(post))
    return render(request, "moderation/edit_post.html", {"post": post, "topic": topic, "form": form,
                                                         "is_first": is_first},
                  status=403 if refusal else 400 if form.errors else 200)


@require_POST
def delete_own_post(request, pk):
    """The author deletes their post (or their topic, from its first post) into the recycle bin."""
    post = _get_post(request, pk)
    topic = post.topic
    try:
        own_posts.delete_own_post(post, request.user, client_ip(request))
    except services.ModerationError as error:
        return refused(request, topic, str(error), 403)
    if post.position == 1:
        messages.success(request, _("Your topic was deleted."))
        return redirect(topic.forum)
    messages.success(request, _("Your post was deleted."))
    return redirect(topic)


@require_POST
def restore_revision(request, pk):
    revision = get_object_or_404(PostRevision.objects.select_related("post__topic__forum"), pk=pk)
    _get_post(request, revision.post_id)  # a revision of a post the viewer may not see is a 404, like a missing one
    require_tool(request, revision.post.topic.forum, "edit")
    services.restore_revision(revision, request.user, client_ip(request))
    messages.success(request, _("That version was restored."))
    return redirect(revision.post.topic.post_url(revision.post))


# Reports ---------------------------------------------------------------------------------------------------------
def report_post(request, pk):
    post = _get_post(request, pk)
    topic = post.topic
    if not permissions.can_report(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and over_rate(request, "moderation.report",
                                                                  settings.AGORA_REPORT_RATE):
        form.add_error(None, _("You have sent many reports in a short time. Please wait a while and try again; "
                               "what you wrote is kept below."))
        return render(request, "moderation/report.html", {"post": post, "topic": topic, "form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        services.report_post(post, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        messages.success(request, _("Thank you. The moderators will look at this post; "
                                    "you can follow your report under “My reports”."))
        return redirect(topic.post_url(post))
    return render(request, "moderation/report.html", {"post": post, "topic": topic, "form": form},
                  status=400 if form.errors else 200)


def my_reports(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    reports = (Report.objects.filter(reporter=request.user).select_related("post__topic", "handled_by")
               .order_by("-created_at")[:100])
    return render(request, "moderation/my_reports.html", {"reports": reports})


def _forum_filter(request, tool, prefix=""):
    forum_ids = permissions.viewer(request.user).forums_with(tool)
    if forum_ids is None:
        return Q()
    return Q(**{f"{prefix}forum_id__in": forum_ids})


def report_centre(request):
    if not (request.user.is_authenticated and permissions.viewer(request.user).may_anywhere("reports")):
        raise PermissionDenied
    reports = list(Report.objects.filter(_forum_filter(request, "reports", "post__topic__"), handled_at__isnull=True,
                                         post__in=Post.objects.visible_to(request.user, with_deleted=True))
                   .select_related("post__topic__forum", "post__author", "reporter").order_by("post_id", "created_at"))
    groups = {}
    for report in reports:
        groups.setdefault(report.post_id, {"post": report.post, "reports": []})["reports"].append(report)
    return render(request, "moderation/reports.html", {"groups": list(groups.values()), "form": CloseReportForm()})


@require_POST
def close_reports(request, pk):
    post = _get_post(request, pk)
    require_tool(request, post.topic.forum, "reports")
    form = CloseReportForm(request.POST)
    resolution = form.cleaned_data["resolution"] if form.is_valid() else ""
    services.close_reports(post, request.user, client_ip(request), resolution)
    messages.success(request, _("The reports on that post are closed."))
    return redirect("moderation:reports")


# Approval queue --------------------------------------------------------------------------------------------------
def queue(request):
    if not (request.user.is_authenticated and permissions.viewer(request.user).may_anywhere("approve")):
        raise PermissionDenied
    posts = (Post.objects.visible_to(request.user).filter(_forum_filter(request, "approve", "topic__"),
                                                          state=Post.State.PENDING)
             .select_related("topic__forum", "author").order_by("created_at"))
    page = Paginator(posts, 25).get_page(parse_id(request.GET.get("page")))
    return render(request, "moderation/queue.html", {"page": page, "message_form": MessageForm()})


# Recycle bin -----------------------------------------------------------------------------------------------------
def recycle_bin(request):
    require_admin(request)
    topics = (Topic.objects.visible_to(request.user, with_deleted=True).filter(deleted_at__isnull=False)
              .select_related("forum").order_by("-deleted_at")[:200])
    posts = (Post.objects.visible_to(request.user, with_deleted=True)
             .filter(state=Post.State.DELETED, topic__deleted_at__isnull=True)
             .select_related("topic", "author").order_by("-deleted_at")[:200])
    return render(request, "moderation/recycle_bin.html", {"topics": topics, "posts": posts})


# Forum permissions grid ------------------------------------------------------------------------------------------
def forum_permissions(request, pk):
    require_admin(request)
    forum = get_object_or_404(Forum, pk=pk)
    groups = [None, *MemberGroup.objects.order_by("order", "name")]
    rows = {row.group_id: row for row in ForumPermission.objects.filter(forum=forum)}
    names = [name for name, _label in FORUM_PERMISSIONS]
    if request.method == "POST":
        grid = {group: {name: f"{group.pk if group else 'guests'}:{name}" in request.POST for name in names}
                for group in groups}
        services.save_forum_permissions(forum, grid, request.user, client_ip(request))
        messages.success(request, _("The permissions were saved."))
        return redirect("moderation:forum_permissions", pk=forum.pk)
    table = []
    for group in groups:
        row = rows.get(group.pk if group else None)
        defaults = permissions.DEFAULT_PERMISSIONS if group else permissions.DEFAULT_GUEST_PERMISSIONS
        key = group.pk if group else "guests"
        table.append({"group": group, "cells": [
            {"name": f"{key}:{name}", "checked": getattr(row, name) if row else defaults[name], "label": label}
            for name, label in FORUM_PERMISSIONS]})
    return render(request, "moderation/forum_permissions.html", {
        "forum": forum, "columns": FORUM_PERMISSIONS, "table": table})


# Members ---------------------------------------------------------------------------------------------------------
MEMBER_TOOL = services.MEMBER_TOOL


def member(request, pk):
    member = get_object_or_404(User.objects.select_related("primary_group"), pk=pk)
    perms = permissions.viewer(request.user) if request.user.is_authenticated else None
    if not (perms and any(perms.may_anywhere(tool) for tool in ("warn", "suspend", "ban")) or
            permissions.is_board_admin(request.user)):
        raise PermissionDenied
    form = MemberActionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "group" and not permissions.is_board_admin(request.user):
            raise PermissionDenied
        if action in MEMBER_TOOL and not perms.may_anywhere(MEMBER_TOOL[action]):
            raise PermissionDenied
        if member.is_board_admin and not permissions.is_board_admin(request.user):
            raise PermissionDenied
        if form.is_valid():
            data, ip = form.cleaned_data, client_ip(request)
            if action == "warn":
                services.warn_member(member, request.user, data["reason"], ip)
            elif action == "suspend":
                services.suspend_member(member, request.user, data["until"], data["reason"], ip)
            elif action == "unsuspend":
                services.lift_suspension(member, request.user, ip)
            elif action == "ban":
                services.ban_member(member, request.user, data["reason"], data["until"], ip)
            elif action == "unban":
                services.lift_ban(member, request.user, ip)
            elif action == "group":
                services.set_member_group(member, data["group"], request.user, ip)
            messages.success(request, _("Done."))
            return redirect("moderation:member", pk=member.pk)
    return render(request, "moderation/member.html", {
        "member": member, "form": form, "ban": ban_for(user=member),
        "warnings": member.warnings.select_related("by")[:50],
        "is_admin": permissions.is_board_admin(request.user),
    }, status=400 if form.errors else 200)


def _require_ban_manager(request):
    if not services.may_manage_bans(request.user):
        raise PermissionDenied


def bans(request):
    _require_ban_manager(request)
    form = BanValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ban_value(data["kind"], data["value"], request.user, data["reason"], data["expires_at"],
                               client_ip(request))
        except services.ModerationError as error:
            form.add_error("value", str(error))
        else:
            messages.success(request, _("The ban was added."))
            return redirect("moderation:bans")
    return render(request, "moderation/bans.html", {
        "form": form, "bans": Ban.objects.select_related("member", "created_by")[:200],
    }, status=400 if form.errors else 200)


@require_POST
def lift_ban(request, pk):
    _require_ban_manager(request)
    ban = get_object_or_404(Ban, pk=pk)
    try:
        services.lift(ban, request.user, client_ip(request))
    except services.ModerationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The ban was lifted."))
    return redirect("moderation:bans")
