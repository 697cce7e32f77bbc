"""Issue 10: limits that hold under concurrency, flood control for members, rate limits on ratings, reports and
drafts, and one sign-in page."""

import uuid
from urllib.parse import unquote
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post
from guestposts import services as guest_services
from guestposts.models import PendingGuestPost
from tests.concurrency import run_at_once


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()  # django-ratelimit counts in the cache, which outlives each test
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_20_guest_replies_at_once_from_one_address_store_exactly_the_limit(make_topic, board, board_settings):
    board_settings(guest_posts_per_hour=3)
    board.allow_guest_posts = True
    board.save()
    topic = make_topic(title="Open to guests")

    def guest_reply(n):
        try:
            guest_services.submit({}, topic, f"<p>reply {n}</p>", f"guest{n}@example.net", "203.0.113.9",
                                  "http://testserver/")
            return "stored"
        except guest_services.GuestPostRefused as refused:
            assert refused.status == 429
            return "refused"

    results = run_at_once([lambda n=n: guest_reply(n) for n in range(20)])
    assert results.count("stored") == 3 and results.count("refused") == 17
    assert PendingGuestPost.objects.filter(ip_address="203.0.113.9").count() == 3
    assert Post.objects.filter(state=Post.State.AWAITING_REGISTRATION).count() == 3


@pytest.mark.django_db(transaction=True)
def test_replies_at_once_for_one_email_address_store_exactly_its_limit(make_topic, board, board_settings):
    board_settings(guest_posts_per_email=2)
    board.allow_guest_posts = True
    board.save()
    topic = make_topic(title="Open to guests")

    def guest_reply(n):
        try:
            guest_services.submit({}, topic, "<p>x</p>", "Same@Example.net" if n % 2 else "same@example.net",
                                  f"203.0.113.{n}", "http://testserver/")
            return "stored"
        except guest_services.GuestPostRefused:
            return "refused"

    assert run_at_once([lambda n=n: guest_reply(n) for n in range(10)]).count("stored") == 2


# ---- flood control ----

def reply(client, topic, text):
    return client.post(f"/topic/{topic.pk}-{topic.slug}/reply/",
                       {"content": f"<p>{text}</p>", "submission_key": str(uuid.uuid4())})


def flood_control_on(board_settings):
    """30 seconds between posts for members, none for moderators (after the tests' topics are made)."""
    board_settings(flood_seconds=30, flood_seconds_by_group={"Moderators": 0})


def test_a_member_waits_between_posts_and_keeps_the_text(client, member, make_member, make_topic, board_settings):
    topic = make_topic(posts=1, author=make_member("starter"))
    flood_control_on(board_settings)
    client.force_login(member)
    assert reply(client, topic, "first").status_code == 302
    response = reply(client, topic, "second thoughts")
    page = response.content.decode()
    assert response.status_code == 429
    assert "You posted a moment ago. Please wait" in page and "second thoughts" in page
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(seconds=31))
    assert reply(client, topic, "second thoughts").status_code == 302


def test_flood_control_covers_new_topics(client, member, make_member, make_topic, board, board_settings):
    topic = make_topic(posts=1, author=make_member("starter"))
    flood_control_on(board_settings)
    client.force_login(member)
    assert reply(client, topic, "first").status_code == 302
    response = client.post(f"/forum/{board.pk}-{board.slug}/new/",
                           {"title": "Kept title", "content": "<p>kept body</p>", "submission_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.status_code == 429 and "Please wait" in page and "Kept title" in page and "kept body" in page


def test_flood_control_is_per_group(client, make_member, make_topic, board_settings):
    topic = make_topic(posts=1)
    flood_control_on(board_settings)
    client.force_login(make_member("mod", group="Moderators"))
    assert [reply(client, topic, n).status_code for n in range(3)] == [302, 302, 302]


@pytest.mark.django_db(transaction=True)
def test_posts_sent_at_once_by_one_member_are_flood_controlled_too(make_topic, make_member, board_settings):
    topics = [make_topic(posts=1, title=f"T{n}") for n in range(6)]
    member = make_member("quick")
    flood_control_on(board_settings)

    def post(topic):
        try:
            forum_services.reply(topic, member, "<p>at once</p>")
            return "posted"
        except forum_services.PostingTooSoon:
            return "refused"

    assert run_at_once([lambda t=t: post(t) for t in topics]).count("posted") == 1


# ---- rate limits ----

def test_ratings_are_rate_limited_politely_and_with_429_for_scripts(client, member, make_topic, settings):
    settings.AGORA_RATING_RATE = "3/m"
    topic = make_topic()
    client.force_login(member)
    url = reverse("ratings:rate", kwargs={"pk": topic.pk, "slug": topic.slug})
    assert [client.post(url, {"value": 4}).status_code for _ in range(3)] == [302, 302, 302]
    page = client.post(url, {"value": 5})
    assert page.status_code == 429 and "You have rated many topics in a short time" in page.content.decode()
    scripted = client.post(url, {"value": 5}, HTTP_ACCEPT="application/json")
    assert scripted.status_code == 429 and "rated many topics" in scripted.json()["error"]


def test_reports_are_rate_limited_and_keep_the_note(client, member, make_topic, settings):
    settings.AGORA_REPORT_RATE = "2/h"
    topic = make_topic(posts=4)
    client.force_login(member)
    posts = list(topic.posts.order_by("position"))
    for post in posts[:2]:
        assert client.post(reverse("moderation:report_post", args=[post.pk]),
                           {"reason": "spam", "note": "n"}).status_code == 302
    response = client.post(reverse("moderation:report_post", args=[posts[2].pk]),
                           {"reason": "spam", "note": "my careful note"})
    page = response.content.decode()
    assert response.status_code == 429 and "many reports in a short time" in page and "my careful note" in page


def test_drafts_are_rate_limited(client, member, make_topic, settings):
    settings.AGORA_DRAFT_RATE = "2/m"
    topic = make_topic()
    client.force_login(member)
    statuses = [client.post("/editor/draft/", {"topic": topic.pk, "content": "<p>d</p>"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]


# ---- one sign-in page ----

def test_admin_login_sends_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/admin/"
    assert unquote(client.get("/admin/", follow=True).redirect_chain[-1][0]) == "/accounts/login/?next=/admin/"


def test_replies_written_as_a_guest_publish_a_few_at_once_and_count_for_flood_control(client, make_topic, board,
                                                                                    board_settings):
    """A browser that gathered many guest replies (under several addresses) publishes only as many at once as one
    guest address may have waiting; the others go to the approval queue. The published ones count in the new
    member's flood window like any post."""
    from forum import services as forum_services
    from guestposts import services as guest_services
    from guestposts.models import PendingGuestPost

    board.allow_guest_posts = True
    board.save()
    topic = make_topic(posts=1)
    flood_control_on(board_settings)
    board_settings(require_verified_email_to_post=False, guest_posts_per_email=3)
    session = client.session
    for n in range(5):
        post = forum_services.save_awaiting_registration(topic, f"<p>guest reply {n}</p>", "", f"198.51.100.{n}")
        pending = PendingGuestPost.objects.create(post=post, email=f"guest{n}@example.net",
                                                  ip_address=f"198.51.100.{n}")
        guest_services._remember(session, pending.pk)
    session.save()
    response = client.post("/accounts/signup/", {
        "username": "newcomer", "email": "newcomer@example.net", "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42", "accept_terms": "on"})
    assert response.status_code == 302
    posts = list(Post.objects.filter(content__startswith="<p>guest reply").order_by("pk"))
    assert [p.state for p in posts] == [Post.State.VISIBLE] * 3 + [Post.State.PENDING] * 2
    assert all(p.author.username == "newcomer" for p in posts)
    assert posts[3].state_reason == guest_services.TOO_MANY_AT_ONCE
    assert "waits for a moderator" in client.get(topic.get_absolute_url()).content.decode()
    # The flood window starts with them: the new member's next reply waits.
    response = reply(client, topic, "right after")
    assert response.status_code == 429 and "Please wait" in response.content.decode()
