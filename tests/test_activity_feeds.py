"""The activity stream, the Atom feeds, sitemap.xml and robots.txt: only what the viewer (for feeds and the sitemap,
a guest) may see; feeds and sitemaps are well-formed XML."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from activity import sitemaps
from forum import services
from forum.models import Forum, ForumPermission, Post, Topic

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def scene(board, member):
    """Public topics, and what guests must not see: a hidden topic, a pending post, a members-only forum."""
    members_only = Forum.objects.create(category=board.category, name="Members only")
    ForumPermission.objects.create(forum=members_only, group=None, can_see=False, can_read=False)
    public = services.create_topic(board, member, "Public topic", "<p>hello world</p>")
    services.reply(public, member, "<p>a public reply</p>")
    public.refresh_from_db()
    Post.objects.create(topic=public, position=public.last_position + 1, author=member, content="<p>queued words</p>",
                        state=Post.State.PENDING)
    hidden = services.create_topic(board, member, "Hidden topic", "<p>secret</p>")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)
    private = services.create_topic(members_only, member, "Private topic", "<p>members only</p>")
    return {"public": public, "hidden": hidden, "private": private, "members_only": members_only}


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


# Activity ------------------------------------------------------------------------------------------------------------
def test_activity_lists_the_newest_posts_the_viewer_may_see(client, member, scene):
    html = client.get("/activity/").content.decode()
    assert "a public reply" in html and "hello world" in html
    assert "queued words" not in html and "secret" not in html and "members only" not in html
    client.force_login(member)
    html = client.get("/activity/").content.decode()
    assert "members only" in html and "queued words" in html  # the author sees their own queued post
    assert "secret" not in html


def test_activity_pages_by_keyset_without_repeats_or_gaps(client, make_topic, settings):
    topic = make_topic(posts=45)
    base = timezone.now()
    for post in Post.objects.filter(topic=topic):
        Post.objects.filter(pk=post.pk).update(created_at=base - timezone.timedelta(minutes=post.position // 2))
    seen, url = [], "/activity/"
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r"Post (\d+)", html)
        older = re.search(r'href="(\?before=[^"]+)" rel="next"', html)
        url = f"/activity/{older[1]}" if older else None
    assert sorted(map(int, seen)) == list(range(1, 46))


def test_a_bad_activity_cursor_is_a_400(client, db):
    assert client.get("/activity/?before=yesterday").status_code == 400


def test_the_header_links_to_activity(client, db):
    assert 'href="/activity/"' in client.get("/").content.decode()


# Feeds ---------------------------------------------------------------------------------------------------------------
def test_board_feed_is_atom_with_guest_visible_topics_only(client, member, scene):
    client.force_login(member)  # a member asking changes nothing: feeds are public
    assert atom(client, "/feeds/topics/") == ["Public topic"]


def test_forum_feed_and_a_forum_guests_cannot_read(client, board, scene):
    assert atom(client, f"/feeds/forum/{board.pk}/") == ["Public topic"]
    assert client.get(f"/feeds/forum/{scene['members_only'].pk}/").status_code == 404


def test_topic_feed_leaves_out_pending_posts_and_hidden_topics_are_404(client, scene):
    titles = atom(client, f"/feeds/topic/{scene['public'].pk}/")
    assert titles == ["member replied", "Public topic"]
    assert b"queued words" not in client.get(f"/feeds/topic/{scene['public'].pk}/").content
    assert client.get(f"/feeds/topic/{scene['hidden'].pk}/").status_code == 404
    assert client.get(f"/feeds/topic/{scene['private'].pk}/").status_code == 404


def test_pages_link_to_their_feeds(client, member, board, scene):
    link = '<link rel="alternate" type="application/atom+xml" href="{}"'
    assert link.format("/feeds/topics/") in client.get("/").content.decode()
    assert link.format(f"/feeds/forum/{board.pk}/") in client.get(board.get_absolute_url()).content.decode()
    public = scene["public"]
    assert link.format(f"/feeds/topic/{public.pk}/") in client.get(public.get_absolute_url()).content.decode()
    client.force_login(member)
    members_only = scene["members_only"]
    html = client.get(members_only.get_absolute_url()).content.decode()
    assert "Private topic" in html and "application/atom+xml" not in html


def test_members_see_the_topic_feed_link_where_guests_may_read_without_a_query_more(
        client, member, make_member, board, scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum.models import TOOL_NAMES, Moderator

    from .budgets import TOPIC_PAGE_QUERIES

    link = '<link rel="alternate" type="application/atom+xml" href="/feeds/topic/{}/"'
    public, private, hidden = scene["public"], scene["private"], scene["hidden"]
    client.force_login(member)
    client.get(public.get_absolute_url() + "?warm")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(public.get_absolute_url()).content.decode()
    assert link.format(public.pk) in html
    assert len(captured) <= TOPIC_PAGE_QUERIES["member"]
    # The guests' row came with the topic's own query: no query of the page reads it on its own.
    guest_rows = [q["sql"] for q in captured.captured_queries
                  if "moderation_forumpermission" in q["sql"] and '"group_id" IS NULL' in q["sql"]]
    assert guest_rows and all('FROM "forum_topic"' in sql for sql in guest_rows)
    # A forum guests may not read: the member reads the topic, without a link to a feed that would be a 404.
    html = client.get(private.get_absolute_url()).content.decode()
    assert "Private topic" in html and "application/atom+xml" not in html
    # A guest row that lets guests see the forum but not read its topics counts as well as one that hides it.
    ForumPermission.objects.filter(forum=scene["members_only"], group=None).update(can_see=True)
    assert "application/atom+xml" not in client.get(private.get_absolute_url()).content.decode()
    ForumPermission.objects.filter(forum=scene["members_only"], group=None).update(can_read=True)
    assert link.format(private.pk) in client.get(private.get_absolute_url()).content.decode()
    # A hidden topic, open to a moderator, is no guest's to read.
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    client.force_login(moderator)
    html = client.get(hidden.get_absolute_url()).content.decode()
    assert "Hidden topic" in html and "application/atom+xml" not in html


# Sitemap and robots --------------------------------------------------------------------------------------------------
def sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_guest_visible_forums_and_topics(client, board, scene):
    sections = sitemap_urls(client, "/sitemap.xml")
    assert sections == ["http://testserver/sitemap-forums.xml", "http://testserver/sitemap-topics.xml"]
    forums = sitemap_urls(client, "/sitemap-forums.xml")
    assert forums == [f"http://testserver{board.get_absolute_url()}"]
    topics = sitemap_urls(client, "/sitemap-topics.xml")
    assert topics == [f"http://testserver{scene['public'].get_absolute_url()}"]
    assert b"<lastmod>" in client.get("/sitemap-topics.xml").content


def test_sitemap_is_split_into_pages_past_the_limit(client, make_topic, monkeypatch):
    for n in range(5):
        make_topic(title=f"Topic {n}")
    monkeypatch.setattr(sitemaps.TopicSitemap, "limit", 2)
    sections = sitemap_urls(client, "/sitemap.xml")
    assert [s for s in sections if "topics" in s] == [
        "http://testserver/sitemap-topics.xml", "http://testserver/sitemap-topics.xml?p=2",
        "http://testserver/sitemap-topics.xml?p=3"]
    assert len(sitemap_urls(client, "/sitemap-topics.xml?p=3")) == 1


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
