"""The moderator console's dashboard (/mod/): counts that need attention through the same rules as their pages,
recent moderation as sentences, and 30 days of activity as SVG charts with their numbers in a table."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import services as forum_services
from forum.models import Post, Topic
from moderation import services

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

URL = reverse("moderation:dashboard")


def count_after(page, text):
    match = re.search(r'<span class="console-count">(\d+)</span> ' + re.escape(text), page)
    return int(match.group(1)) if match else None


def chart_rows(page, slug):
    figure = page.split(f'id="chart-{slug}-caption"')[1].split("</figure>")[0]
    return [(day, int(n)) for day, n in re.findall(r'<time datetime="([\d-]+)">[^<]*</time></th><td>(\d+)</td>',
                                                  figure)]


def test_counts_follow_the_viewers_tools(client, scene, admin_user):
    elsewhere = scene["elsewhere"]
    Post.objects.create(topic=elsewhere, position=elsewhere.last_position + 1, author_name="Visitor",
                        content="<p>b guest</p>", state=Post.State.PENDING)
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    assert count_after(page, "posts waiting for approval") == 2
    assert count_after(page, "reported post") == 1
    assert count_after(page, "new members today") == User.objects.count()
    client.force_login(scene["moderator"])  # forum A (and C) only
    page = client.get(URL).content.decode()
    assert count_after(page, "post waiting for approval") == 1
    client.force_login(scene["other_mod"])  # forum B
    page = client.get(URL).content.decode()
    assert count_after(page, "post waiting for approval") == 1 and count_after(page, "reported posts") == 0


def test_recent_moderation_reads_as_sentences(client, scene, admin_user):
    services.set_topic_flag(scene["topic"], "pin", scene["moderator"])
    services.set_topic_flag(scene["elsewhere"], "lock", scene["other_mod"])
    client.force_login(scene["moderator"])
    page = client.get(URL).content.decode()
    assert "<bdi>moddy</bdi> pinned the topic" in page
    assert "locked the topic" not in page  # another forum's moderation
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    assert "pinned the topic" in page and "<bdi>othermod</bdi> locked the topic" in page


def test_charts_count_each_day_with_a_text_alternative(client, scene, admin_user):
    now = timezone.now()
    three_days_ago = (timezone.localtime(now) - timedelta(days=3)).date()
    Post.objects.filter(pk=scene["posts"][1].pk).update(created_at=now - timedelta(days=3))
    Topic.objects.filter(pk=scene["second"].pk).update(created_at=now - timedelta(days=3))
    Post.objects.filter(pk=scene["posts"][2].pk).update(created_at=now - timedelta(days=45))  # out of range
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    posts = chart_rows(page, "posts")
    assert len(posts) == 30 and posts[-1][0] == timezone.localdate().isoformat()
    visible = Post.objects.visible_to(admin_user).filter(created_at__gte=now - timedelta(days=29, hours=23))
    assert sum(n for _day, n in posts) == visible.count()
    assert dict(posts)[three_days_ago.isoformat()] == 1
    assert dict(chart_rows(page, "topics"))[three_days_ago.isoformat()] == 1
    assert sum(n for _day, n in chart_rows(page, "signups")) == User.objects.count()
    for slug in ("posts", "topics", "signups"):
        assert f'role="img" aria-labelledby="chart-{slug}-caption"' in page
        assert f'<figcaption id="chart-{slug}-caption">' in page
    assert "<details class=\"chart-data\">" in page and "style=" not in page.split("<main")[1]


def test_one_grouped_query_per_chart_however_many_days_have_data(client, scene, admin_user):
    client.force_login(admin_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as quiet:
        client.get(URL)
    now = timezone.now()
    for n in range(20):
        topic = forum_services.create_topic(scene["forum"], scene["member"], f"Day {n}", "<p>x</p>")
        Topic.objects.filter(pk=topic.pk).update(created_at=now - timedelta(days=n))
        Post.objects.filter(topic=topic).update(created_at=now - timedelta(days=n))
    with CaptureQueriesContext(connection) as busy:
        client.get(URL)
    assert len(busy) == len(quiet)
    assert sum("GROUP BY" in q["sql"] for q in busy.captured_queries) >= 3


@pytest.mark.parametrize("who", ["guest", "member", "admin_without_mfa", "moderator_without_mfa"])
def test_only_staff_with_two_factor(client, scene, make_member, who):
    if who == "member":
        client.force_login(scene["bob"])
    elif who == "admin_without_mfa":
        client.force_login(make_member("lateadmin", group="Administrators", mfa=False))
    elif who == "moderator_without_mfa":
        client.force_login(make_member("latemod", group="Moderators", mfa=False))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"Needs attention" not in response.content


def test_the_header_menu_leads_staff_to_the_console(client, scene, admin_user):
    client.force_login(scene["moderator"])
    assert f'href="{URL}"' in client.get("/").content.decode()
    client.force_login(scene["bob"])
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_the_dashboard_in_chinese(client, scene, admin_user):
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(URL).content.decode()
    assert "版主控制台" in page and "每日帖子数" in page and "篇帖子等待审核" in page


def test_django_groups_are_not_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/group/" not in index and "/admin/accounts/membergroup/" in index
    assert client.get("/admin/auth/group/").status_code == 404
