"""The review queue: queued and reported posts in one list, oldest first, with their context, one-click and bulk
actions through the services (each post checked), and nothing for those who may not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from moderation.models import ModerationLog, Report

from .moderation_fixtures import counters_are_right, fast_passwords, scene, snapshot  # noqa: F401

QUEUE = reverse("moderation:queue")
ACT = reverse("moderation:review_act")


def item_ids(page):
    return [int(chunk.split('"')[0]) for chunk in page.split('class="review-item" id="review-')[1:]]


def test_queued_and_reported_posts_in_one_list_oldest_first_with_context(client, scene):
    reported = scene["posts"][1]
    Report.objects.filter(post=reported).update(created_at=timezone.now() - timedelta(days=2))
    client.force_login(scene["moderator"])
    page = client.get(QUEUE).content.decode()
    assert item_ids(page) == [reported.pk, scene["pending"].pk]
    assert "guest words" in page and "buy now" in page and "Posts by guests are approved by a moderator." in page
    # The post before each: the pending post follows "reply 4", the reported one follows the opening post.
    assert "The post before it" in page and "reply 4" in page and "one" in page
    assert page.count('type="submit" name="action" value="approve"') == 1
    assert page.count('type="submit" name="action" value="dismiss"') == 1


def test_another_forums_moderator_sees_none_of_it(client, scene):
    client.force_login(scene["other_mod"])
    page = client.get(QUEUE).content.decode()
    assert item_ids(page) == [] and "guest words" not in page and "buy now" not in page


def test_one_click_approve_hide_and_dismiss(client, scene):
    client.force_login(scene["moderator"])
    response = client.post(ACT, {"action": "approve", "posts": scene["pending"].pk})
    assert response.status_code == 302 and response.url == QUEUE
    assert Post.objects.get(pk=scene["pending"].pk).state == Post.State.VISIBLE
    reported = scene["posts"][1]
    client.post(ACT, {"action": "hide", "posts": reported.pk, "message": "spam link"})
    assert Post.objects.get(pk=reported.pk).state == Post.State.HIDDEN
    assert not Report.objects.filter(post=reported, handled_at__isnull=True).exists()
    assert ModerationLog.objects.filter(action="post_hide", reason="spam link").exists()
    other = scene["posts"][2]
    Report.objects.create(post=other, reporter=scene["member"], reason="other")
    client.post(ACT, {"action": "dismiss", "posts": other.pk})
    assert Post.objects.get(pk=other.pk).state == Post.State.VISIBLE
    assert Report.objects.get(post=other).resolution == "No action was needed."
    assert item_ids(client.get(QUEUE).content.decode()) == []
    assert counters_are_right() == []


def test_bulk_reports_what_was_done_and_what_was_refused(client, scene):
    elsewhere = Post.objects.get(topic=scene["elsewhere"], position=1)
    Report.objects.create(post=elsewhere, reporter=scene["member"], reason="spam")
    reported = scene["posts"][1]
    client.force_login(scene["moderator"])
    response = client.post(ACT, {"action": "dismiss", "posts": [reported.pk, elsewhere.pk, 987654321, "x²"]},
                           follow=True)
    page = response.content.decode()
    assert "Dismiss the reports: done for 1 post." in page
    assert "You do not have the moderator tool for this in that forum." in page
    assert "That post is not in your queue." in page
    assert Report.objects.get(post=elsewhere).handled_at is None
    assert Report.objects.get(post=reported).handled_at is not None


def test_an_action_that_does_not_fit_the_post_is_refused_with_a_reason(client, scene):
    client.force_login(scene["moderator"])
    page = client.post(ACT, {"action": "approve", "posts": scene["posts"][1].pk}, follow=True).content.decode()
    assert "This post is not waiting for approval." in page
    page = client.post(ACT, {"action": "hide", "posts": scene["pending"].pk}, follow=True).content.decode()
    assert "This post has no open reports." in page
    assert Post.objects.get(pk=scene["pending"].pk).state == Post.State.PENDING
    page = client.post(ACT, {"action": "approve"}, follow=True).content.decode()
    assert "Select at least one post." in page
    assert client.post(ACT, {"action": "explode", "posts": scene["pending"].pk}).status_code == 302


@pytest.mark.parametrize("who", ["guest", "member", "bob"])
def test_every_action_is_refused_to_who_may_not(client, scene, who):
    if who != "guest":
        client.force_login(scene[who])
    assert client.get(QUEUE).status_code == 403
    before = snapshot()
    for action in ("approve", "reject", "hide", "dismiss"):
        response = client.post(ACT, {"action": action, "posts": [scene["pending"].pk, scene["posts"][1].pk]})
        assert response.status_code == 403
    assert snapshot() == before
    assert client.get(ACT).status_code in (403, 405)


def test_the_queue_renders_in_both_languages(client, scene):
    client.force_login(scene["moderator"])
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(QUEUE).content.decode()
    assert "审核队列" in page and "批准" in page


def test_a_long_queue_shows_the_oldest_fifty_in_the_same_number_of_queries(client, scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moderation.review import LIMIT

    client.force_login(scene["moderator"])
    client.get(QUEUE)  # warm the per-process caches

    def measure():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(QUEUE).content.decode()
        return len(queries), page

    few, _page = measure()
    topic = scene["topic"]
    Post.objects.bulk_create(
        Post(topic=topic, position=topic.last_position + n, author=scene["bob"], author_name="bob",
             content=f"<p>held {n}</p>", state=Post.State.PENDING, state_reason="held")
        for n in range(1, LIMIT + 20))
    many, page = measure()
    assert many == few
    # The new ones, and the scene's queued and reported posts.
    assert len(item_ids(page)) == LIMIT and f"{LIMIT + 21} posts wait for you" in page
