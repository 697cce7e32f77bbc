"""A member's own posts: the edit time limit of their group, and deleting their own posts and topics."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum import services
from forum.models import ForumPermission, Post, Topic
from moderation.models import ModerationLog

from .moderation_fixtures import counters_are_right, fast_passwords, scene  # noqa: F401


def age(post, minutes):
    Post.objects.filter(pk=post.pk).update(created_at=post.created_at - timedelta(minutes=minutes))


def edit_url(post):
    return reverse("moderation:edit_post", kwargs={"pk": post.pk})


def delete_url(post):
    return reverse("moderation:delete_own_post", kwargs={"pk": post.pk})


# Edit time limit -------------------------------------------------------------------------------------------------
def test_after_the_groups_edit_time_limit_the_author_is_told_why(client, scene, groups):
    groups["Members"].edit_minutes = 30
    groups["Members"].save()
    post = scene["posts"][2]
    client.force_login(scene["member"])
    assert client.get(edit_url(post)).status_code == 200
    age(post, 31)
    topic_page = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert f'href="{edit_url(post)}"' not in topic_page
    response = client.get(edit_url(post))
    assert response.status_code == 403
    assert "may edit their posts for 30 minutes after posting" in response.content.decode()


def test_an_edit_sent_after_the_limit_keeps_what_was_written(client, scene, groups):
    groups["Members"].edit_minutes = 1
    groups["Members"].save()
    post = scene["posts"][2]
    age(post, 2)
    client.force_login(scene["member"])
    response = client.post(edit_url(post), {"content": "<p>my careful rewrite</p>", "reason": "clarity"})
    html = response.content.decode()
    assert response.status_code == 403 and "for 1 minute after posting" in html
    assert "my careful rewrite" in html
    post.refresh_from_db()
    assert post.content == "<p>reply 3</p>"


def test_moderators_edit_whatever_the_limit(client, scene, groups):
    groups["Members"].edit_minutes = 1
    groups["Members"].save()
    post = scene["posts"][2]
    age(post, 600)
    client.force_login(scene["moderator"])
    response = client.post(edit_url(post), {"content": "<p>tidied</p>", "reason": "format"})
    assert response.status_code == 302
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "Edited by moddy" in html and "(format)" in html


# Deleting own posts ----------------------------------------------------------------------------------------------
def test_the_author_deletes_their_reply_into_the_recycle_bin(client, scene, admin_user):
    post, topic, member = scene["posts"][2], scene["topic"], scene["member"]
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'action="{delete_url(post)}"' in page
    assert f'action="{delete_url(scene["posts"][1])}"' not in page  # bob's post
    response = client.post(delete_url(post))
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    post.refresh_from_db()
    assert post.state == Post.State.DELETED and post.deleted_at
    assert "reply 3" not in client.get(topic.get_absolute_url()).content.decode()
    assert ModerationLog.objects.get(action="post_delete_own").actor == member
    assert counters_are_right() == []
    # It waits in the recycle bin, where it can be restored.
    client.force_login(admin_user)
    assert "Main topic #3 · member" in client.get(reverse("moderation:recycle_bin")).content.decode()


def test_members_cannot_delete_other_peoples_posts(client, scene):
    client.force_login(scene["bob"])
    response = client.post(delete_url(scene["posts"][2]))
    assert response.status_code == 403 and "only delete your own posts" in response.content.decode()
    assert Post.objects.get(pk=scene["posts"][2].pk).state == Post.State.VISIBLE


def test_the_delete_time_limit_and_the_forum_permission_apply(client, scene, groups):
    post = scene["posts"][2]
    client.force_login(scene["member"])
    groups["Members"].delete_own_minutes = 10
    groups["Members"].save()
    age(post, 11)
    response = client.post(delete_url(post))
    assert response.status_code == 403 and "for 10 minutes after posting" in response.content.decode()
    groups["Members"].delete_own_minutes = None
    groups["Members"].save()
    ForumPermission.objects.create(forum=scene["forum"], group=groups["Members"], can_delete_own=False)
    response = client.post(delete_url(post))
    assert response.status_code == 403 and "may not delete its posts in this forum" in response.content.decode()
    assert Post.objects.get(pk=post.pk).state == Post.State.VISIBLE


def test_a_topic_without_replies_is_deleted_from_its_first_post(client, scene):
    forum, member = scene["forum"], scene["member"]
    topic = services.create_topic(forum, member, "Oops", "<p>wrong forum</p>")
    first = topic.posts.get()
    client.force_login(member)
    assert "Delete my topic" in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(delete_url(first))
    assert response.status_code == 302 and response.url == forum.get_absolute_url()
    topic.refresh_from_db()
    assert topic.deleted_at is not None
    assert ModerationLog.objects.get(action="topic_delete_own").target_id == topic.pk
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert counters_are_right() == []


def test_a_topic_with_replies_cannot_be_deleted_by_its_author(client, scene):
    client.force_login(scene["member"])
    first = scene["posts"][0]
    assert "Delete my topic" not in client.get(scene["topic"].get_absolute_url()).content.decode()
    response = client.post(delete_url(first))
    assert response.status_code == 403 and "Others have replied" in response.content.decode()
    assert Topic.objects.get(pk=scene["topic"].pk).deleted_at is None


def test_deleting_needs_a_post(client, scene):
    client.force_login(scene["member"])
    assert client.get(delete_url(scene["posts"][2])).status_code == 405
