"""Following topics and forums: the button with its count, the member's list, and who may follow what."""

import pytest
from django.urls import reverse

from follows.models import Follow
from forum.models import ForumPermission


@pytest.fixture
def alice(make_member):
    return make_member("alice")


def test_follow_and_unfollow_a_topic_with_its_follower_count(client, make_topic, alice):
    topic = make_topic(posts=2, title="Worth following")
    client.force_login(alice)
    assert "1 follower" in client.get(topic.get_absolute_url()).content.decode()  # its author, by default
    url = reverse("follows:topic", kwargs={"pk": topic.pk})
    response = client.post(url, {"next": topic.get_absolute_url()})
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    client.post(url)  # twice: still one row
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "2 followers" in html and "Following" in html
    followed = client.get(reverse("follows:followed")).content.decode()
    assert "Worth following" in followed
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(member=alice).exists()


def test_follow_a_forum(client, board, alice):
    client.force_login(alice)
    client.post(reverse("follows:forum", kwargs={"pk": board.pk}), {"next": "https://evil.example/"})
    assert Follow.objects.filter(member=alice, forum=board).exists()
    html = client.get(board.get_absolute_url()).content.decode()
    assert "1 follower" in html and "Mark forum read" in html


def test_guests_see_the_count_and_are_asked_to_sign_in(client, make_topic):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Sign in to follow" in html
    response = client.post(reverse("follows:topic", kwargs={"pk": topic.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Follow.objects.count() == 1  # the author's


def test_one_cannot_follow_what_one_cannot_see(client, board, make_topic, alice, groups):
    topic = make_topic()
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_see=False, can_read=False)
    client.force_login(alice)
    assert client.post(reverse("follows:topic", kwargs={"pk": topic.pk})).status_code == 404
    assert client.post(reverse("follows:forum", kwargs={"pk": board.pk})).status_code == 404
    assert not Follow.objects.filter(member=alice).exists()


def test_a_followed_topic_that_became_invisible_leaves_the_list(client, board, make_topic, alice, groups):
    topic = make_topic(title="Soon secret")
    Follow.objects.create(member=alice, topic=topic)
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_see=False, can_read=False)
    client.force_login(alice)
    assert "Soon secret" not in client.get(reverse("follows:followed")).content.decode()
