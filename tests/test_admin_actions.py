"""The Django admin's topics and posts: state changes only through admin actions that call the moderation services,
so counters stay right (repair_counters finds nothing) and every change is in the moderation log."""

from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import Post, Topic
from moderation.models import ModerationLog, PostRevision

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

TOPICS = "/admin/forum/topic/"
POSTS = "/admin/forum/post/"


def repair_finds_nothing():
    out = StringIO()
    call_command("repair_counters", stdout=out)
    return out.getvalue().strip() == "All counters were right."


def act(client, url, action, objects, **extra):
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects], **extra})


def logged(action, target):
    return ModerationLog.objects.filter(action=action, target_id=target.pk).count()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_topic_actions_go_through_the_services(admin_client, scene, admin_user):
    topic, second = scene["topic"], scene["second"]
    for action in ["topic_pin", "topic_lock", "topic_hide", "topic_unhide", "topic_unlock", "topic_unpin"]:
        assert act(admin_client, TOPICS, action, [topic, second]).status_code == 302
        assert logged(action, topic) == logged(action, second) == 1
    act(admin_client, TOPICS, "delete_topics", [second])
    assert Topic.objects.get(pk=second.pk).deleted_at is not None and logged("topic_delete", second) == 1
    assert repair_finds_nothing()
    act(admin_client, TOPICS, "restore_topics", [second])
    assert Topic.objects.get(pk=second.pk).deleted_at is None and logged("topic_restore", second) == 1
    assert repair_finds_nothing()
    assert ModerationLog.objects.filter(actor=admin_user).count() == 14


def test_moving_topics_asks_where_then_moves(admin_client, scene):
    topic = scene["topic"]
    page = act(admin_client, TOPICS, "move_topics", [topic])
    assert page.status_code == 200 and "Move into" in page.content.decode()
    assert Topic.objects.get(pk=topic.pk).forum_id == scene["forum"].pk  # asking moved nothing
    done = act(admin_client, TOPICS, "move_topics", [topic], apply="1", forum=scene["forum_b"].pk,
               leave_pointer="on")
    assert done.status_code == 302
    assert Topic.objects.get(pk=topic.pk).forum_id == scene["forum_b"].pk
    assert Topic.objects.filter(moved_to=topic, forum=scene["forum"]).exists()
    assert logged("topic_move", topic) == 1 and repair_finds_nothing()


def test_post_actions_go_through_the_services(admin_client, scene):
    reply, pending = scene["posts"][2], scene["pending"]
    for action, state in [("post_hide", Post.State.HIDDEN), ("post_unhide", Post.State.VISIBLE),
                          ("post_delete", Post.State.DELETED), ("post_restore", Post.State.VISIBLE)]:
        act(admin_client, POSTS, action, [reply])
        assert Post.objects.get(pk=reply.pk).state == state and logged(action, reply) == 1
        assert repair_finds_nothing()
    act(admin_client, POSTS, "post_approve", [pending])
    assert Post.objects.get(pk=pending.pk).state == Post.State.VISIBLE and logged("post_approve", pending) == 1
    assert repair_finds_nothing()


def test_a_refused_action_says_why_and_changes_nothing(admin_client, scene):
    first = scene["posts"][0]
    response = act(admin_client, POSTS, "post_hide", [first])
    assert response.status_code == 302
    assert "hide or delete the topic instead" in admin_client.get(POSTS).content.decode()
    assert Post.objects.get(pk=first.pk).state == Post.State.VISIBLE and logged("post_hide", first) == 0


def test_state_fields_on_the_forms_are_read_only(admin_client, scene):
    topic = scene["topic"]
    response = admin_client.post(f"{TOPICS}{topic.pk}/change/", {
        "title": "Renamed", "is_hidden": "on", "is_pinned": "on", "forum": scene["forum_b"].pk,
        "deleted_at_0": "2020-01-01", "deleted_at_1": "00:00"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Renamed" and logged("topic_rename", topic) == 1
    assert (topic.is_hidden, topic.is_pinned, topic.forum_id, topic.deleted_at) == (
        False, False, scene["forum"].pk, None)
    reply = scene["posts"][2]
    admin_client.post(f"{POSTS}{reply.pk}/change/", {"content": reply.content, "state": Post.State.HIDDEN})
    assert Post.objects.get(pk=reply.pk).state == Post.State.VISIBLE
    assert repair_finds_nothing()


def test_deleting_for_good_and_adding_are_not_offered(admin_client, scene):
    topic = scene["topic"]
    assert admin_client.get(f"{TOPICS}add/").status_code == 403
    assert admin_client.post(f"{TOPICS}{topic.pk}/delete/", {"post": "yes"}).status_code == 403
    assert act(admin_client, TOPICS, "delete_selected", [topic], post="yes").status_code in (200, 302)
    assert Topic.objects.filter(pk=topic.pk, deleted_at__isnull=True).exists()


def test_editing_a_post_keeps_a_revision_sanitizes_and_logs(admin_client, scene):
    reply = scene["posts"][1]
    response = admin_client.post(f"{POSTS}{reply.pk}/change/", {
        "content": '<p>tidied<script>alert(1)</script></p>', "edit_reason_given": "removed spam"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.content == "<p>tidied</p>" and reply.edit_reason == "removed spam"
    assert PostRevision.objects.filter(post=reply, content="<p>reply 2</p>").exists()
    assert logged("post_edit", reply) == 1


def test_the_admin_pages_render(admin_client, scene):
    for url in (TOPICS, POSTS, f"{TOPICS}{scene['topic'].pk}/change/", f"{POSTS}{scene['posts'][1].pk}/change/"):
        assert admin_client.get(url).status_code == 200
