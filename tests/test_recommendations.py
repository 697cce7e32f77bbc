import pytest
from django.urls import reverse

from forum.models import Post
from recommendations import services
from recommendations.models import Recommendation

from .budgets import TOPIC_PAGE_QUERIES


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(make_member):
    return make_member("mod", group="Moderators")


def action_url(name, post):
    return reverse(f"recommendations:{name}", kwargs={"pk": post.topic_id, "slug": post.topic.slug,
                                                       "post_id": post.pk})


def test_no_block_when_nothing_is_recommended(client, make_topic):
    topic = make_topic(posts=3)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Recommended Posts" not in html and "Recommend Post" not in html


def test_moderator_recommends_a_post_with_a_note(client, make_topic, moderator):
    topic = make_topic(posts=40)
    post = Post.objects.get(topic=topic, position=33)
    Post.objects.filter(pk=post.pk).update(content="<p>The <em>best</em> answer here.</p>")
    client.force_login(moderator)
    assert "Recommend Post" in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(action_url("recommend", post), {"note": "  Read this first.  "})
    assert response.status_code == 302 and response.url == f"{topic.get_page_url(2)}#comment-{post.pk}"

    recommendation = Recommendation.objects.get()
    assert (recommendation.topic, recommendation.recommended_by, recommendation.note) == (topic, moderator,
                                                                                          "Read this first.")
    from moderation.models import ModerationLog

    entry = ModerationLog.objects.get(action="recommend")  # the moderation log has a row for it
    assert (entry.actor, entry.target_id, entry.reason, entry.forum_id) == (moderator, post.pk, "Read this first.",
                                                                            topic.forum_id)
    client.logout()
    first_page = client.get(topic.get_absolute_url()).content.decode()
    assert "Recommended Posts" in first_page and "Recommended by <bdi>mod</bdi>" in first_page
    assert "Read this first." in first_page and "The best answer here." in first_page
    jump = reverse("forum:comment", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
    assert f'href="{jump}">Go to this post' in first_page
    assert client.get(jump).url == f"{topic.get_page_url(2)}#comment-{post.pk}"
    second_page = client.get(topic.get_page_url(2)).content.decode()
    post_html = second_page.split(f'id="comment-{post.pk}"')[1].split("</article>")[0]
    assert 'class="recommended-flag">Recommended</span>' in post_html


def test_recommending_again_replaces_the_note_and_removing_takes_it_back(client, make_topic, moderator,
                                                                          admin_user):
    topic = make_topic(posts=2)
    post = Post.objects.get(topic=topic, position=2)
    client.force_login(moderator)
    client.post(action_url("recommend", post), {"note": "First"})
    client.force_login(admin_user)
    client.post(action_url("recommend", post), {"note": ""})
    recommendation = Recommendation.objects.get()
    assert (recommendation.note, recommendation.recommended_by) == ("", admin_user)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Remove Recommendation" in html
    assert client.post(action_url("unrecommend", post)).status_code == 302
    assert not Recommendation.objects.exists()
    assert "Recommended Posts" not in client.get(topic.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["guest", "member"])
def test_guests_and_members_get_403_and_nothing_changes(client, make_topic, member, moderator, who):
    topic = make_topic(posts=3)
    post, other = Post.objects.filter(topic=topic).order_by("position")[1:3]
    services.recommend_post(other, moderator, "Kept")
    if who == "member":
        client.force_login(member)
    assert "Recommend Post" not in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(action_url("recommend", post), {"note": "mine"})
    assert response.status_code == 403 and "Only moderators can recommend posts." in response.content.decode()
    assert client.post(action_url("unrecommend", other)).status_code == 403
    assert list(Recommendation.objects.values_list("post_id", "note")) == [(other.pk, "Kept")]


def test_recommending_needs_post_and_csrf(make_topic, moderator):
    from django.test import Client

    topic = make_topic(posts=2)
    post = Post.objects.get(topic=topic, position=2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.get(action_url("recommend", post)).status_code == 405
    assert client.post(action_url("recommend", post), {"note": ""}).status_code == 403
    assert not Recommendation.objects.exists()


def test_note_too_long_is_a_400_with_a_clear_message(client, make_topic, moderator):
    topic = make_topic(posts=2)
    post = Post.objects.get(topic=topic, position=2)
    client.force_login(moderator)
    response = client.post(action_url("recommend", post), {"note": "x" * 501})
    assert response.status_code == 400 and "at most 500 characters" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_hidden_posts_leave_the_block_and_cannot_be_recommended(client, make_topic, moderator):
    topic = make_topic(posts=3)
    shown, hidden = Post.objects.filter(topic=topic).order_by("position")[1:3]
    services.recommend_post(shown, moderator)
    services.recommend_post(hidden, moderator, "should vanish")
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.HIDDEN)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Recommended Posts" in html and "should vanish" not in html
    client.force_login(moderator)
    assert client.post(action_url("recommend", hidden), {"note": ""}).status_code == 404


def test_topic_tools_keep_the_topic_page_query_count_fixed(client, make_topic, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ratings.services import rate_topic

    client.force_login(moderator)
    counts = []
    for posts in (10, 600):
        topic = make_topic(posts=posts, title=f"{posts} posts")
        rate_topic(topic, moderator, 4)
        for post in Post.objects.filter(topic=topic).order_by("-position")[:30]:
            services.recommend_post(post, moderator, "note")
        for page in (1, topic.page_of(posts)):
            client.get(topic.get_page_url(page))  # a warm cache (the reaction types...), as on a running board
            with CaptureQueriesContext(connection) as captured:
                assert client.get(topic.get_page_url(page)).status_code == 200
            counts.append(len(captured))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= TOPIC_PAGE_QUERIES["member"]


def test_a_recommended_post_split_into_a_new_topic_is_recommended_there(client, make_topic, moderator):
    from moderation import services as moderation

    topic = make_topic(posts=4)
    post = Post.objects.get(topic=topic, position=3)
    services.recommend_post(post, moderator, "Worth its own topic")
    new = moderation.split_topic(topic, [post.pk], "Spun off", moderator)

    assert "Worth its own topic" in client.get(new.get_absolute_url()).content.decode()
    assert "Recommended Posts" not in client.get(topic.get_absolute_url()).content.decode()
