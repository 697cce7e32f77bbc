from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import queries
from .sitemaps import SITEMAPS

ACTIVITY_PER_PAGE = 30


def activity(request):
    """The newest posts and topics across the board that the viewer may see, newest first, by keyset pages."""
    before = request.GET.get("before") or None
    try:
        posts, older = queries.newest_posts(request.user, before=before, count=ACTIVITY_PER_PAGE)
    except queries.BadCursor:
        return render(request, "400.html", status=400)
    for post in posts:
        post.activity_url = post.topic.post_url(post)
        post.shown_author = post.author.public_name if post.author_id else post.author_name
    return render(request, "activity/activity.html", {"posts": posts, "older": older, "is_first_page": not before})


def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="activity:sitemap_section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /mod/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /editor/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('activity:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
