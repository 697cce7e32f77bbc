"""Each moderator tool: an allowed moderator (it works, the counters stay right, the log has a row), and a member,
a moderator of another forum and a guest (403, nothing changes)."""

import pytest
from django.urls import reverse

from forum.models import Post, Topic
from moderation.models import TOOL_NAMES, ModerationLog, Moderator, PostRevision, Report

from .moderation_fixtures import counters_are_right, fast_passwords, scene, snapshot  # noqa: F401


def topic_url(action):
    return lambda s: reverse("moderation:topic_action", kwargs={"pk": s["topic"].pk, "action": action})


def post_url(action, which=2):
    return lambda s: reverse("moderation:post_action", kwargs={"pk": s["posts"][which].pk, "action": action})


def _topic(s):
    return Topic.objects.get(pk=s["topic"].pk)


def check_split(s):
    new = Topic.objects.get(title="Split off")
    assert list(new.posts.order_by("position").values_list("position", "content")) == [
        (1, "<p>reply 2</p>"), (2, "<p>reply 4</p>")]
    assert list(_topic(s).posts.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert (new.post_count, _topic(s).post_count, _topic(s).last_position) == (2, 2, 3)
    return True


def check_merge(s):
    target = Topic.objects.get(pk=s["second"].pk)
    assert list(target.posts.order_by("position").values_list("position", flat=True)) == list(range(1, 8))
    assert target.post_count == 6  # the guest's pending post came along, still pending
    assert _topic(s).deleted_at is not None
    return True


TOOLS = {
    "pin": (topic_url("pin"), lambda s: {}, lambda s: _topic(s).is_pinned, "topic_pin"),
    "lock": (topic_url("lock"), lambda s: {}, lambda s: _topic(s).is_locked, "topic_lock"),
    "hide_topic": (topic_url("hide"), lambda s: {"reason": "flame war"},
                   lambda s: _topic(s).is_hidden and _topic(s).hidden_reason == "flame war", "topic_hide"),
    "delete_topic": (topic_url("delete"), lambda s: {"reason": "spam"},
                     lambda s: _topic(s).deleted_at is not None, "topic_delete"),
    "move": (lambda s: reverse("moderation:move_topic", kwargs={"pk": s["topic"].pk}),
             lambda s: {"forum": s["forum_c"].pk, "leave_pointer": "on"},
             lambda s: _topic(s).forum_id == s["forum_c"].pk
             and Topic.objects.filter(moved_to=s["topic"], forum=s["forum"]).exists(), "topic_move"),
    "merge": (lambda s: reverse("moderation:merge_topic", kwargs={"pk": s["topic"].pk}),
              lambda s: {"target": s["second"].pk}, check_merge, "topic_merge"),
    "split": (lambda s: reverse("moderation:split_topic", kwargs={"pk": s["topic"].pk}),
              lambda s: {"title": "Split off", "posts": [s["posts"][1].pk, s["posts"][3].pk]}, check_split,
              "topic_split"),
    "hide_post": (post_url("hide"), lambda s: {"reason": "rude"},
                  lambda s: Post.objects.get(pk=s["posts"][2].pk).state == Post.State.HIDDEN, "post_hide"),
    "delete_post": (post_url("delete"), lambda s: {},
                    lambda s: Post.objects.get(pk=s["posts"][2].pk).state == Post.State.DELETED, "post_delete"),
    "approve": (post_url("approve", which=4), lambda s: {},
                lambda s: Post.objects.get(pk=s["pending"].pk).state == Post.State.VISIBLE
                and _topic(s).post_count == 5, "post_approve"),
    "reject": (post_url("reject", which=4), lambda s: {"message": "no"},
               lambda s: Post.objects.get(pk=s["pending"].pk).state == Post.State.DELETED, "post_reject"),
    "edit": (lambda s: reverse("moderation:edit_post", kwargs={"pk": s["posts"][1].pk}),
             lambda s: {"content": "<p>cleaned up</p>", "reason": "removed a link"},
             lambda s: Post.objects.get(pk=s["posts"][1].pk).content == "<p>cleaned up</p>"
             and PostRevision.objects.filter(post=s["posts"][1], content="<p>reply 2</p>").exists(), "post_edit"),
    "close_reports": (lambda s: reverse("moderation:close_reports", kwargs={"pk": s["posts"][1].pk}),
                      lambda s: {"resolution": "hid it"},
                      lambda s: not Report.objects.filter(handled_at__isnull=True).exists(), "reports_close"),
    "bulk_lock": (lambda s: reverse("moderation:bulk", kwargs={"pk": s["forum"].pk}),
                  lambda s: {"action": "lock", "topics": [s["topic"].pk, s["second"].pk]},
                  lambda s: Topic.objects.filter(is_locked=True).count() == 2, "topic_lock"),
}


@pytest.mark.parametrize("tool", TOOLS)
def test_a_moderator_of_the_forum_uses_the_tool(client, scene, tool):
    url, data, works, action = TOOLS[tool]
    assert counters_are_right() == []
    client.force_login(scene["moderator"])
    response = client.post(url(scene), data(scene))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert works(scene)
    assert counters_are_right() == []
    entry = ModerationLog.objects.get(action=action) if tool != "bulk_lock" else \
        ModerationLog.objects.filter(action=action).first()
    assert entry.actor == scene["moderator"] and entry.ip_address == "127.0.0.1"


@pytest.mark.parametrize("who", ["member", "other_mod", "guest", "moderator_without_two_factor"])
@pytest.mark.parametrize("tool", TOOLS)
def test_anyone_else_is_refused_and_nothing_changes(client, scene, tool, who, make_member):
    """Refused: 403 where the viewer may see the post or topic, 404 (as for a missing id) where they may not (a
    queued post). Staff without two-factor hold no tool at all, wherever the action's address lives (under /mod/
    they are sent to set it up first)."""
    url, data, _works, _action = TOOLS[tool]
    if who == "moderator_without_two_factor":
        scene[who] = make_member("nomfa", mfa=False)
        Moderator.objects.create(user=scene[who], tools=TOOL_NAMES).forums.add(scene["forum"], scene["forum_c"])
    if who != "guest":
        client.force_login(scene[who])
    before = snapshot()
    response = client.post(url(scene), data(scene))
    if response.status_code == 302:
        assert who == "moderator_without_two_factor" and response["Location"] == reverse("mfa_activate_totp")
    else:
        assert response.status_code in (403, 404)
    assert snapshot() == before


def test_staff_without_two_factor_cannot_edit_others_posts_or_recommend_outside_mod(client, scene, make_member):
    """The addresses outside /mod/ that the middleware never guarded: the tools are simply not theirs."""
    nomfa = make_member("nomfa", group="Moderators", mfa=False)
    client.force_login(nomfa)
    post = scene["posts"][1]
    before = snapshot()
    assert client.post(reverse("moderation:edit_post", kwargs={"pk": post.pk}),
                       {"content": "<p>defaced</p>", "reason": "x"}).status_code == 403
    recommend = reverse("recommendations:recommend", kwargs={"pk": scene["topic"].pk, "slug": "x",
                                                             "post_id": post.pk})
    assert client.post(recommend, {"note": "mine"}).status_code == 403
    assert snapshot() == before and not post.__class__.objects.get(pk=post.pk).content.startswith("<p>defaced")


def test_hiding_a_post_updates_every_counter(client, scene):
    member, bob, topic = scene["member"], scene["bob"], scene["topic"]
    client.force_login(scene["moderator"])
    client.post(post_url("hide")(scene), {"reason": "rude"})
    topic.refresh_from_db()
    member.refresh_from_db()
    scene["forum"].refresh_from_db()
    assert topic.post_count == 3 and member.post_count == 2 + 1 - 1  # member wrote posts 1 and 3 (+ second topic)
    assert scene["forum"].post_count == 5 and scene["forum"].topic_count == 2


def test_moderators_see_hidden_and_pending_posts_members_do_not(client, scene):
    client.force_login(scene["moderator"])
    client.post(post_url("hide")(scene), {"reason": "rude words"})
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "rude words" in html and "post-hidden" in html and "guest words" in html and "post-pending" in html
    client.force_login(scene["bob"])
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "reply 3" not in html and "guest words" not in html and 'action="/mod/' not in html


def test_the_author_sees_their_own_pending_post_marked(client, scene):
    pending = scene["pending"]
    Post.objects.filter(pk=pending.pk).update(author=scene["bob"])
    client.force_login(scene["bob"])
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "guest words" in html and "Awaiting approval" in html
    client.force_login(scene["member"])
    assert "guest words" not in client.get(scene["topic"].get_absolute_url()).content.decode()


def test_delete_then_restore_a_topic_from_the_recycle_bin(client, scene, admin_user):
    client.force_login(admin_user)
    client.post(topic_url("delete")(scene))
    scene["forum"].refresh_from_db()
    assert scene["forum"].topic_count == 1
    assert "Main topic" in client.get(reverse("moderation:recycle_bin")).content.decode()
    client.post(topic_url("restore")(scene))
    scene["forum"].refresh_from_db()
    assert scene["forum"].topic_count == 2 and counters_are_right() == []


def test_moving_into_a_forum_one_does_not_moderate_is_refused(client, scene):
    client.force_login(scene["moderator"])
    before = snapshot()
    response = client.post(reverse("moderation:move_topic", kwargs={"pk": scene["topic"].pk}),
                           {"forum": scene["forum_b"].pk})
    assert response.status_code == 400 and "cannot move topics into that forum" in response.content.decode()
    assert snapshot() == before


def test_bulk_move_and_pin(client, scene):
    client.force_login(scene["moderator"])
    url = reverse("moderation:bulk", kwargs={"pk": scene["forum"].pk})
    ids = [scene["topic"].pk, scene["second"].pk]
    assert client.post(url, {"action": "pin", "topics": ids}).status_code == 302
    assert Topic.objects.filter(pk__in=ids, is_pinned=True).count() == 2
    assert client.post(url, {"action": "move", "topics": ids, "forum": scene["forum_c"].pk}).status_code == 302
    scene["forum_c"].refresh_from_db()
    assert scene["forum_c"].topic_count == 2 and scene["forum_c"].post_count == 6 and counters_are_right() == []
    assert ModerationLog.objects.filter(action="topic_move").count() == 2


def test_moderator_sees_bulk_checkboxes_and_members_do_not(client, scene):
    client.force_login(scene["moderator"])
    assert 'form="bulk-form"' in client.get(scene["forum"].get_absolute_url()).content.decode()
    client.force_login(scene["member"])
    assert 'form="bulk-form"' not in client.get(scene["forum"].get_absolute_url()).content.decode()


def test_moved_pointer_leads_to_the_topic(client, scene):
    client.force_login(scene["moderator"])
    client.post(reverse("moderation:move_topic", kwargs={"pk": scene["topic"].pk}),
                {"forum": scene["forum_c"].pk, "leave_pointer": "on"})
    pointer = Topic.objects.get(moved_to=scene["topic"])
    response = client.get(pointer.get_absolute_url())
    assert response.status_code == 302 and response.url == scene["topic"].get_absolute_url()
    assert "Moved" in client.get(scene["forum"].get_absolute_url()).content.decode()
    # Actions at the pointer's address are a plain 404, never a 500.
    slug = {"pk": pointer.pk, "slug": pointer.slug}
    assert client.post(reverse("forum:reply", kwargs=slug), {"content": "x"}).status_code == 404
    assert client.post(reverse("ratings:rate", kwargs=slug), {"value": "3"}).status_code == 404
    assert client.get(reverse("sharing:wechat", kwargs=slug)).status_code == 404


def test_split_refuses_to_empty_the_topic(client, scene):
    client.force_login(scene["moderator"])
    before = snapshot()
    all_posts = [p.pk for p in scene["posts"]]
    response = client.post(reverse("moderation:split_topic", kwargs={"pk": scene["topic"].pk}),
                           {"title": "All of it", "posts": all_posts})
    assert snapshot() == before
    assert "At least one post must stay" in client.get(response.url).content.decode()


def test_unknown_tool_is_404(client, scene):
    client.force_login(scene["moderator"])
    assert client.post(f"/mod/topic/{scene['topic'].pk}/explode/").status_code == 404


def test_approving_a_pending_topic_lists_it(client, scene, make_member):
    from forum import services
    from moderation.models import ForumPermission

    ForumPermission.objects.create(forum=scene["forum"], group=scene["bob"].primary_group,
                                   can_post_without_approval=False)
    newbie = make_member("newbie")
    topic = services.create_topic(scene["forum"], newbie, "Held topic", "<p>hello</p>")
    assert topic.is_pending
    scene["forum"].refresh_from_db()
    assert scene["forum"].topic_count == 2
    assert "Held topic" not in client.get(scene["forum"].get_absolute_url()).content.decode()
    client.force_login(scene["moderator"])
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "Held topic" in queue and "Posts in this forum by your group are approved" in queue
    client.post(reverse("moderation:post_action", kwargs={"pk": topic.posts.get().pk, "action": "approve"}),
                {"next": "queue"})
    topic.refresh_from_db()
    scene["forum"].refresh_from_db()
    assert not topic.is_pending and scene["forum"].topic_count == 3 and counters_are_right() == []


def test_the_action_and_its_log_row_commit_together(client, scene, monkeypatch):
    from moderation import services

    def broken_log(*args, **kwargs):
        raise RuntimeError("log table unavailable")

    monkeypatch.setattr(services, "log", broken_log)
    client.raise_request_exception = False
    client.force_login(scene["moderator"])
    before = snapshot()
    response = client.post(post_url("hide")(scene), {"reason": "rude"})
    assert response.status_code == 500
    assert snapshot() == before
