"""The moderator console's front page (/mod/): what needs attention, what other staff did lately, and the board's
activity over the last 30 days as charts drawn on the server (SVG, each with its numbers in a table).

Staff only (administrators, and members who hold a moderator tool, both with two-factor set up); each count goes
through the same rules as the page it leads to (the approval queue counts only forums where the viewer approves)."""

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.models import Post, Topic

from .history import readable
from .models import ModerationLog, Report

DAYS = 30
# The chart's drawing box (SVG user units; CSS scales it to the page).
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 600, 170, 40, 14, 26


def _within(forum_ids, field):
    return Q() if forum_ids is None else Q(**{f"{field}__in": forum_ids})


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def per_day(queryset, field, days):
    """[(day, count)] for each of `days`, in one grouped query (days in the site's time zone)."""
    rows = (queryset.filter(**{f"{field}__gte": _start_of(days[0])}).order_by()
            .annotate(day=TruncDate(field)).values("day").annotate(n=Count("pk")))
    counts = {row["day"]: row["n"] for row in rows}
    return [(day, counts.get(day, 0)) for day in days]


def chart(slug, title, series):
    """The geometry of a bar chart of `series` [(day, count)], and its summary in words."""
    top = max((count for _day, count in series), default=0)
    scale_top = max(top, 1)
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT) / len(series)
    bars = []
    for n, (day, count) in enumerate(series):
        h = round(plot_h * count / scale_top, 1)
        bars.append({"day": day, "count": count, "x": round(LEFT + n * step + 1, 1), "width": round(step - 2, 1),
                     "y": round(TOP + plot_h - h, 1), "height": h})
    total = sum(count for _day, count in series)
    busiest = max(series, key=lambda item: item[1]) if total else None
    return {"slug": slug, "title": title, "bars": bars, "total": total, "top": top, "busiest": busiest,
            "width": WIDTH, "height": HEIGHT, "left": LEFT, "base": TOP + plot_h, "label_y": HEIGHT - 6,
            "top_y": TOP, "first": series[0][0], "last": series[-1][0], "right": WIDTH}


def dashboard(request):
    user = request.user
    perms = permissions.viewer(user) if user.is_authenticated else None
    if not (perms and (perms.is_admin or perms.moderates())):
        raise PermissionDenied
    now = timezone.localtime()
    today = now.date()
    days = [today - timedelta(days=DAYS - 1 - n) for n in range(DAYS)]
    counts = {"new_members": User.objects.filter(date_joined__gte=_start_of(today)).count()}
    if perms.may_anywhere("approve"):
        counts["queue"] = (Post.objects.visible_to(user)
                           .filter(_within(perms.forums_with("approve"), "topic__forum_id"), state=Post.State.PENDING)
                           .count())
    if perms.may_anywhere("reports"):
        counts["reports"] = (Report.objects.filter(_within(perms.forums_with("reports"), "post__topic__forum_id"),
                                                   handled_at__isnull=True,
                                                   post__in=Post.objects.visible_to(user, with_deleted=True))
                             .values("post_id").distinct().count())
    recent = ModerationLog.objects.select_related("forum").order_by("-created_at", "-pk")
    if not perms.is_admin:
        recent = recent.filter(_within(perms.moderated_forums(), "forum_id"), forum__isnull=False)
    charts = [
        chart("posts", _("Posts per day"), per_day(Post.objects.visible_to(user), "created_at", days)),
        chart("topics", _("New topics per day"), per_day(Topic.objects.visible_to(user), "created_at", days)),
        chart("signups", _("Sign-ups per day"), per_day(User.objects.all(), "date_joined", days)),
    ]
    return render(request, "moderation/dashboard.html", {
        "counts": counts, "recent": readable(user, recent[:12]), "charts": charts, "days": DAYS,
        "is_admin": perms.is_admin,
    })
