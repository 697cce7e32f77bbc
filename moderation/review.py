"""The review queue (`/mod/queue/`): posts waiting for approval and reported posts in one list, oldest first, each
with its context (the topic, the post before it) and one-click actions: approve or reject a queued post, hide a
reported post or dismiss its reports. Keyboard shortcuts live in static/js/review-queue.js; every button is a plain
POST form that works without JavaScript. Bulk actions post the selected ids to the same endpoint.

Only what the viewer may act on is listed: posts they may see (Post.objects.visible_to), in forums where they hold
the tool (approve for the queue, reports for reports). Each action goes through moderation.services, which checks
the tool again per post: the answer says what was done and what was refused, and why."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from forum import permissions
from forum.content import plain_text
from forum.http import client_ip
from forum.models import Post
from forum.refusals import Refused
from safety.params import parse_id

from . import services
from .models import Report

LIMIT = 50

ACTIONS = {
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Reject"),
    "hide": gettext_lazy("Hide"),
    "dismiss": gettext_lazy("Dismiss the reports"),
}


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=list(ACTIONS.items()),
                               error_messages={"required": gettext_lazy("Choose what to do.")})
    message = forms.CharField(required=False, max_length=2000)


def _post_ids(request):
    """The selected ids, in order, each once (at most 200): any id, since each is looked up through the visibility
    querysets and one the viewer may not act on is refused like a missing one."""
    ids = (parse_id(value) for value in request.POST.getlist("posts"))
    return list(dict.fromkeys(pk for pk in ids if pk is not None))[:200]


def _may_review(user):
    if not user.is_authenticated:
        return False
    perms = permissions.viewer(user)
    return perms.may_anywhere("approve") or perms.may_anywhere("reports")


def _in_forums(ids, field="topic__forum_id"):
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def queue_items(user):
    """-> (items, total): what waits for the viewer, oldest first (at most LIMIT items, in a fixed number of queries
    however long the queue). Each item: the post (with .previous, the visible post before it in its topic, and its
    text), whether it is queued, its open reports and since when it waits."""
    perms = permissions.viewer(user)
    visible = Post.objects.visible_to(user)
    approve_in, reports_in = perms.forums_with("approve"), perms.forums_with("reports")
    queued = (visible.filter(_in_forums(approve_in), state=Post.State.PENDING) if approve_in != []
              else visible.none())
    open_reports = (Report.objects.filter(_in_forums(reports_in, "post__topic__forum_id"), handled_at__isnull=True,
                                          post__in=visible) if reports_in != [] else Report.objects.none())
    reported = open_reports.values("post_id").annotate(first=Min("created_at")).order_by("first", "post_id")
    total = (queued.count() + reported.count()
             - reported.filter(post_id__in=queued.values("pk")).count())  # a queued post may be reported too
    # The oldest LIMIT of each kind hold the oldest LIMIT of both.
    wanted = (set(queued.order_by("created_at", "pk").values_list("pk", flat=True)[:LIMIT])
              | {row["post_id"] for row in reported[:LIMIT]})
    reports_by_post = {}
    for report in open_reports.filter(post_id__in=wanted).select_related("reporter").order_by("created_at", "pk"):
        reports_by_post.setdefault(report.post_id, []).append(report)
    previous = (Post.objects.visible_to(user).filter(topic_id=OuterRef("topic_id"), position__lt=OuterRef("position"),
                                                     state=Post.State.VISIBLE)
                .order_by("-position").values("pk")[:1])
    posts = list(visible.filter(pk__in=wanted).select_related("topic__forum", "author")
                 .annotate(previous_id=Subquery(previous)))
    before = Post.objects.in_bulk([p.previous_id for p in posts if p.previous_id])
    items = []
    for post in posts:
        post.previous = before.get(post.previous_id)
        post.previous_text = plain_text(post.previous.content, limit=300) if post.previous else ""
        post_reports = reports_by_post.get(post.pk, [])
        is_queued = post.state == Post.State.PENDING and (approve_in is None or post.topic.forum_id in approve_in)
        since = post.created_at if is_queued else post_reports[0].created_at
        items.append({"post": post, "queued": is_queued, "reports": post_reports, "since": since})
    items.sort(key=lambda item: (item["since"], item["post"].pk))
    return items[:LIMIT], total


def queue(request):
    if not _may_review(request.user):
        raise PermissionDenied
    items, total = queue_items(request.user)
    return render(request, "moderation/review_queue.html", {"items": items, "total": total, "limit": LIMIT})


def _do(action, post, actor, ip, message):
    """One action on one post, through the services (which check the tool for this post's forum)."""
    open_reports = Report.objects.filter(post=post, handled_at__isnull=True).exists()
    if action == "approve":
        services.approve_post(post, actor, ip, message)
    elif action == "reject":
        services.reject_post(post, actor, ip, message)
    elif not open_reports:
        raise services.ModerationError(_("This post has no open reports."))
    elif action == "hide":
        with transaction.atomic():
            services.hide_post(post, actor, ip, message)
            services.close_reports(post, actor, ip, message or _("The post was hidden."))
    elif action == "dismiss":
        services.close_reports(post, actor, ip, message or _("No action was needed."))


@require_POST
def act(request):
    if not _may_review(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("moderation:queue")
    data, ip, wanted = form.cleaned_data, client_ip(request), _post_ids(request)
    if not wanted:
        messages.error(request, _("Select at least one post."))
        return redirect("moderation:queue")
    posts = Post.objects.visible_to(request.user).select_related("topic__forum").in_bulk(wanted)
    done, refused = 0, []
    for pk in wanted:
        post = posts.get(pk)
        if post is None:
            refused.append((None, _("That post is not in your queue.")))
            continue
        try:
            _do(data["action"], post, request.user, ip, data["message"])
        except (Refused, services.ModerationError) as error:
            refused.append((post, str(error)))
        else:
            done += 1
    if done:
        messages.success(request, ngettext("%(action)s: done for %(count)s post.",
                                           "%(action)s: done for %(count)s posts.", done)
                         % {"action": ACTIONS[data["action"]], "count": done})
    for post, reason in refused:
        if post is None:
            messages.error(request, reason)
        else:
            messages.error(request, _("Not done for the post in “%(title)s”: %(reason)s") % {
                "title": post.topic.title, "reason": reason})
    return redirect("moderation:queue")
