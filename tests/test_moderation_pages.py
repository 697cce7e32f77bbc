"""Permissions grid, edit history, reports, members (warn, suspend, ban), the moderation log and the commands."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.bans import is_banned
from forum import services
from forum.models import Forum, Post, Topic
from moderation.models import Ban, ForumPermission, ModerationLog, Moderator, Report

from .moderation_fixtures import counters_are_right, fast_passwords, scene, snapshot  # noqa: F401


# Permissions -----------------------------------------------------------------------------------------------------
def test_admin_edits_the_permission_grid_and_it_applies(client, scene, admin_user, groups):
    forum = scene["forum"]
    url = reverse("moderation:forum_permissions", kwargs={"pk": forum.pk})
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "Guests" in page and "Post without approval" in page
    members = groups["Members"]
    # Guests may no longer see the forum; members may read but not start topics.
    data = {f"{members.pk}:{name}": "on" for name in ("can_see", "can_read", "can_reply")}
    assert client.post(url, data).status_code == 302
    assert ForumPermission.objects.get(forum=forum, group__isnull=True).can_see is False
    assert ModerationLog.objects.filter(action="forum_permissions").exists()
    client.logout()
    assert client.get(forum.get_absolute_url()).status_code == 404
    client.force_login(scene["member"])
    assert client.get(forum.get_absolute_url()).status_code == 200
    assert client.post(reverse("forum:new_topic", kwargs={"pk": forum.pk, "slug": forum.slug}),
                       {"title": "t", "content": "c"}).status_code == 403


@pytest.mark.parametrize("who", ["member", "moderator", "guest"])
def test_only_administrators_open_the_grid_and_the_log(client, scene, who):
    if who != "guest":
        client.force_login(scene[who])
    for url in (reverse("moderation:forum_permissions", kwargs={"pk": scene["forum"].pk}),
                reverse("moderation:log"), reverse("moderation:recycle_bin"), reverse("moderation:bans")):
        assert client.get(url).status_code == 403
    before = snapshot()
    client.post(reverse("moderation:forum_permissions", kwargs={"pk": scene["forum"].pk}), {})
    assert snapshot() == before and not ForumPermission.objects.exists()


def test_a_moderator_group_assignment_gives_its_members_the_tools(client, scene, make_member, groups):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    Moderator.objects.create(group=groups["Members"], tools=["pin"]).forums.add(scene["forum"])
    TOTP.activate(scene["bob"], generate_totp_secret())  # moderators need two-factor authentication
    client.force_login(scene["bob"])
    page = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert ">Pin<" in page and ">Lock<" not in page and "Select for split" not in page
    assert client.post(reverse("moderation:topic_action", kwargs={"pk": scene["topic"].pk, "action": "pin"})
                       ).status_code == 302
    assert client.post(reverse("moderation:topic_action", kwargs={"pk": scene["topic"].pk, "action": "lock"})
                       ).status_code == 403


@pytest.mark.parametrize("viewer", ["moderator", "member"])
def test_topic_page_queries_stay_fixed_for_moderators(client, scene, make_topic, viewer):
    from forum.models import Post as P

    client.force_login(scene[viewer])

    def queries(url):
        # Each page read as for the first time (a member's reread records no read progress: one query less).
        from unread.models import ReadMarker

        ReadMarker.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small, large = make_topic(posts=10, title="Small"), make_topic(posts=300, title="Large")
    P.objects.filter(topic=large, position__in=[3, 5, 7]).update(state=P.State.HIDDEN, state_reason="x")
    P.objects.filter(topic=large, position__in=[4, 6]).update(state=P.State.PENDING, state_reason="y")
    P.objects.filter(topic=large, position__in=[8]).update(edited_at=timezone.now(), edited_by=scene["bob"])
    client.get(small.get_absolute_url())  # a warm cache (the reaction types...), as on a running board
    assert queries(small.get_absolute_url()) == queries(large.get_absolute_url()) == queries(large.get_page_url(12))


# Edits and history -----------------------------------------------------------------------------------------------
def test_author_edits_with_a_reason_and_the_post_says_so(client, scene):
    post = scene["posts"][0]
    client.force_login(scene["member"])
    url = reverse("moderation:edit_post", kwargs={"pk": post.pk})
    form_page = client.get(url).content.decode()
    assert "Edit post" in form_page
    # The same rich-text editor as replies, its unsaved changes kept in the browser under a key of their own.
    assert f'data-autosave-key="post-{post.pk}-edit"' in form_page and "data-draft-url" not in form_page
    response = client.post(url, {"title": "Main topic, renamed", "content": "<p>one, fixed</p>", "reason": "typo"})
    assert response.status_code == 302
    html = client.get(response.url.split("#")[0].replace("main-topic", "main-topic-renamed")).content.decode()
    assert "one, fixed" in html and "Edited by member" in html and "typo" in html
    assert post.revisions.get().content == "<p>one</p>"
    assert not ModerationLog.objects.exists()  # an author's own edit is not a moderator action


def test_members_cannot_edit_other_peoples_posts(client, scene):
    client.force_login(scene["bob"])
    before = snapshot()
    url = reverse("moderation:edit_post", kwargs={"pk": scene["posts"][0].pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"content": "<p>mine now</p>"}).status_code == 403
    assert snapshot() == before


def test_empty_edit_keeps_what_was_typed_with_an_error(client, scene):
    client.force_login(scene["member"])
    response = client.post(reverse("moderation:edit_post", kwargs={"pk": scene["posts"][0].pk}),
                           {"content": "   ", "reason": "my reason"})
    assert response.status_code == 400
    assert "Please write something" in response.content.decode() and "my reason" in response.content.decode()


def test_moderator_sees_the_diff_and_restores_a_revision(client, scene):
    post = scene["posts"][1]
    services_edit = __import__("moderation.services", fromlist=["edit_post"]).edit_post
    services_edit(post, scene["bob"], "<p>reply 2 with spam link</p>", "added info")
    client.force_login(scene["moderator"])
    history = client.get(reverse("moderation:post_history", kwargs={"pk": post.pk})).content.decode()
    assert '<ins><span class="visually-hidden">added: </span> with spam link</ins>' in history and "@@" not in history
    revision = post.revisions.get()
    assert client.post(reverse("moderation:restore_revision", kwargs={"pk": revision.pk})).status_code == 302
    post.refresh_from_db()
    assert post.content == "<p>reply 2</p>" and post.revisions.count() == 2
    assert ModerationLog.objects.filter(action="post_revision_restore").exists()
    client.force_login(scene["member"])
    assert client.get(reverse("moderation:post_history", kwargs={"pk": post.pk})).status_code == 403


# Reports ---------------------------------------------------------------------------------------------------------
def test_report_is_visible_on_every_post_and_reaches_the_centre(client, scene):
    client.force_login(scene["bob"])
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert html.count(">Report</a>") == 4
    post = scene["posts"][2]
    response = client.post(reverse("moderation:report_post", kwargs={"pk": post.pk}),
                           {"reason": "offensive", "note": "insults"})
    assert response.status_code == 302
    client.force_login(scene["moderator"])
    centre = client.get(reverse("moderation:reports")).content.decode()
    assert "insults" in centre and "buy now" in centre and "Offensive or abusive" in centre
    assert client.post(reverse("moderation:close_reports", kwargs={"pk": post.pk}),
                       {"resolution": "warned them"}).status_code == 302
    client.force_login(scene["bob"])
    mine = client.get(reverse("moderation:my_reports")).content.decode()
    assert "Handled" in mine and "warned them" in mine


def test_guests_cannot_report(client, scene):
    assert ">Report</a>" not in client.get(scene["topic"].get_absolute_url()).content.decode()
    response = client.post(reverse("moderation:report_post", kwargs={"pk": scene["posts"][1].pk}),
                           {"reason": "spam"})
    assert response.status_code == 403 and Report.objects.count() == 1


def test_another_forums_moderator_does_not_see_its_reports_or_queue(client, scene):
    client.force_login(scene["other_mod"])
    assert "buy now" not in client.get(reverse("moderation:reports")).content.decode()
    assert "guest words" not in client.get(reverse("moderation:queue")).content.decode()


# Approval queue --------------------------------------------------------------------------------------------------
def test_rejecting_with_a_message_emails_the_author(client, scene, django_capture_on_commit_callbacks):
    Post.objects.filter(pk=scene["pending"].pk).update(author=scene["bob"])
    client.force_login(scene["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation:post_action",
                                       kwargs={"pk": scene["pending"].pk, "action": "reject"}),
                               {"message": "Please keep it civil.", "next": "queue"})
    assert response.status_code == 302 and response.url == reverse("moderation:queue")
    assert mail.outbox[-1].to == ["bob@example.org"] and "keep it civil" in mail.outbox[-1].body


@pytest.mark.parametrize("setting, value, content", [
    ("held_words", "casino", "<p>Best CASINO here</p>"),
    ("hold_links_under_posts", 50, '<p><a href="https://example.com/">look</a></p>'),
    ("approve_first_posts", 10, "<p>hello</p>"),
])
def test_filters_hold_a_reply_with_its_reason(client, scene, board_settings, setting, value, content):
    board_settings(**{setting: value})
    client.force_login(scene["bob"])
    response = client.post(reverse("forum:reply", kwargs={"pk": scene["topic"].pk, "slug": scene["topic"].slug}),
                           {"content": content}, follow=True)
    post = Post.objects.filter(topic=scene["topic"]).order_by("-position").first()
    assert post.state == Post.State.PENDING and post.state_reason
    assert "awaiting approval" in response.content.decode()
    assert counters_are_right() == []


def test_moderators_posts_are_never_held(scene, board_settings):
    board_settings(held_words="casino")
    post = services.reply(scene["topic"], scene["moderator"], "<p>casino talk</p>")
    assert post.state == Post.State.VISIBLE


# Members ---------------------------------------------------------------------------------------------------------
def member_url(user):
    return reverse("moderation:member", kwargs={"pk": user.pk})


def test_suspended_member_reads_but_cannot_post_and_sees_until_when(client, scene):
    bob = scene["bob"]
    client.force_login(scene["moderator"])
    until = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(member_url(bob), {"action": "suspend", "until": until, "reason": "cool off"}
                       ).status_code == 302
    client.force_login(bob)
    html = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "suspended until" in html
    response = client.post(reverse("forum:reply", kwargs={"pk": scene["topic"].pk, "slug": scene["topic"].slug}),
                           {"content": "hi"})
    assert response.status_code == 403
    assert ModerationLog.objects.filter(action="member_suspend", target_id=bob.pk).exists()


def test_warning_is_logged_and_emailed(client, scene, django_capture_on_commit_callbacks):
    client.force_login(scene["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(member_url(scene["bob"]), {"action": "warn", "reason": "Mind your language."})
    assert scene["bob"].warnings.get().reason == "Mind your language."
    assert mail.outbox[-1].to == ["bob@example.org"]
    assert ModerationLog.objects.filter(action="member_warn").exists()


def test_banned_member_cannot_sign_in(client, scene):
    client.force_login(scene["moderator"])
    client.post(member_url(scene["bob"]), {"action": "ban", "reason": "spammer"})
    client.logout()
    response = client.post(reverse("account_login"), {"login": "bob", "password": "correct horse battery"},
                           follow=True)
    assert "_auth_user_id" not in client.session
    assert "banned" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "other_mod", "guest"])
def test_member_tools_are_refused_to_others(client, scene, who):
    if who != "guest":
        client.force_login(scene[who])
    before = snapshot()
    response = client.post(member_url(scene["bob"]), {"action": "ban", "reason": "x"})
    # A moderator of another forum holds the ban tool there: member tools are board-wide, so they may ban.
    if who == "other_mod":
        assert response.status_code == 302
        return
    assert response.status_code == 403 and snapshot() == before


def test_only_administrators_change_groups(client, scene, admin_user, groups):
    bob = scene["bob"]
    client.force_login(scene["moderator"])
    assert client.post(member_url(bob), {"action": "group", "group": groups["Moderators"].pk}).status_code == 403
    client.force_login(admin_user)
    assert client.post(member_url(bob), {"action": "group", "group": groups["Moderators"].pk}).status_code == 302
    bob.refresh_from_db()
    assert bob.primary_group == groups["Moderators"]


def test_email_and_ip_range_bans(admin_user, client):
    client.force_login(admin_user)
    client.post(reverse("moderation:bans"), {"kind": "ip", "value": "203.0.113.0/24", "reason": "spam wave"})
    client.post(reverse("moderation:bans"), {"kind": "email", "value": "*@spam.example"})
    assert Ban.objects.count() == 2
    assert is_banned(ip="203.0.113.77") and not is_banned(ip="198.51.100.1")
    assert is_banned(email="Anyone@SPAM.example") and not is_banned(email="ok@example.org")
    response = client.post(reverse("moderation:bans"), {"kind": "ip", "value": "not an ip"})
    assert response.status_code == 400 and "not an ip" in response.content.decode()


# Log and commands ------------------------------------------------------------------------------------------------
def test_log_page_lists_and_filters(client, scene, admin_user):
    client.force_login(scene["moderator"])
    client.post(reverse("moderation:topic_action", kwargs={"pk": scene["topic"].pk, "action": "lock"}))
    client.post(reverse("moderation:topic_action", kwargs={"pk": scene["second"].pk, "action": "pin"}))
    client.force_login(admin_user)
    page = client.get(reverse("moderation:log")).content.decode()
    assert "topic_lock" in page and "topic_pin" in page and "moddy" in page
    filtered = client.get(reverse("moderation:log"), {"action": "topic_pin"}).content.decode()
    assert "Second topic" in filtered and "Main topic" not in filtered


def test_log_is_read_only_in_the_admin(client, scene, admin_user):
    services_log = __import__("moderation.services", fromlist=["log"]).log
    entry = services_log(admin_user, "topic_pin", scene["topic"])
    client.force_login(admin_user)
    assert client.get(reverse("admin:moderation_moderationlog_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_moderationlog_add")).status_code == 403
    assert client.post(reverse("admin:moderation_moderationlog_delete", args=[entry.pk]),
                       {"post": "yes"}).status_code == 403
    assert ModerationLog.objects.filter(pk=entry.pk).exists()


def test_repair_counters_reports_what_it_changed(scene):
    Topic.objects.filter(pk=scene["topic"].pk).update(post_count=99)
    Forum.objects.filter(pk=scene["forum"].pk).update(topic_count=0)
    out = StringIO()
    call_command("repair_counters", stdout=out)
    assert "post_count 99 -> 4" in out.getvalue() and "topic_count 0 -> 2" in out.getvalue()
    assert counters_are_right() == []
    out = StringIO()
    call_command("repair_counters", stdout=out)
    assert "All counters were right." in out.getvalue()


def test_recounting_members_costs_as_many_queries_for_many_members_as_for_few(make_member, board):
    """repair_counters over a board's thousands of members: a grouped count and a bulk write, not a query each."""
    from django.contrib.auth import get_user_model

    from moderation import counters

    User = get_user_model()

    def members_with_wrong_counts(names):
        for name in names:
            author = make_member(name)
            services.create_topic(board, author, f"By {name}", "<p>one</p>")
            services.reply(Topic.objects.get(title=f"By {name}"), author, "<p>two</p>")
        User.objects.update(post_count=7)
        with CaptureQueriesContext(connection) as queries:
            changes = counters.recount_users(User.objects.all())
        assert {(user.username, field, old, new) for user, field, old, new in changes} == {
            (user.username, "post_count", 7, 2 if user.username in names or user.topics.exists() else 0)
            for user in User.objects.all()}
        assert set(User.objects.values_list("post_count", flat=True)) == {2}
        return len(queries)

    few = members_with_wrong_counts(["ann", "ben"])
    assert members_with_wrong_counts(["cat", "dan", "eve", "fay", "gus", "hal"]) == few <= 3


def test_purge_removes_only_what_is_older_than_30_days(client, scene):
    old, recent = scene["topic"], scene["second"]
    Topic.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    Topic.objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=2))
    call_command("purge_recycle_bin", stdout=StringIO())
    assert not Topic.objects.filter(pk=old.pk).exists() and Topic.objects.filter(pk=recent.pk).exists()


def test_forums_a_group_may_not_see_are_left_off_the_index(client, scene):
    ForumPermission.objects.create(forum=scene["forum_b"], group=None, can_see=False)
    html = client.get("/").content.decode()
    assert "Other forum" not in html and "Chat" in html


def test_moderator_assignment_admin_offers_the_tools(client, admin_user, scene):
    client.force_login(admin_user)
    page = client.get(reverse("admin:forum_moderator_add")).content.decode()
    assert "Split and merge topics" in page
    response = client.post(reverse("admin:forum_moderator_add"), {
        "user": scene["bob"].pk, "forums": [scene["forum"].pk], "tools": ["pin", "lock"]})
    assert response.status_code == 302
    assert Moderator.objects.get(user=scene["bob"]).tools == ["pin", "lock"]


def test_members_cannot_report_or_edit_a_hidden_post(client, scene):
    post = scene["posts"][2]  # written by `member`
    Post.objects.filter(pk=post.pk).update(state=Post.State.HIDDEN)
    client.force_login(scene["member"])
    # A hidden post is for moderators only, its author included: a 404, as for a missing id.
    assert client.get(reverse("moderation:edit_post", kwargs={"pk": post.pk})).status_code == 404
    assert client.get(reverse("moderation:report_post", kwargs={"pk": post.pk})).status_code == 404


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_queue_reports_and_log_render_in_both_languages(client, scene, admin_user, language):
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    for name in ("queue", "reports", "log", "recycle_bin", "bans", "my_reports"):
        response = client.get(reverse(f"moderation:{name}"))
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def test_banned_email_domain_and_ip_cannot_sign_up(client, db):
    from accounts.models import User

    Ban.objects.create(kind=Ban.Kind.EMAIL, value="*@spam.example")
    data = {"username": "spammer", "email": "x@spam.example", "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42", "accept_terms": "on"}
    response = client.post("/accounts/signup/", data)
    assert "This email address cannot be used to register on this board." in response.content.decode()
    Ban.objects.create(kind=Ban.Kind.IP, value="127.0.0.0/8")
    client.post("/accounts/signup/", {**data, "email": "fine@example.org"})
    assert not User.objects.filter(username="spammer").exists()


def test_a_member_banned_while_signed_in_is_signed_out(client, scene):
    client.force_login(scene["bob"])
    Ban.objects.create(kind=Ban.Kind.MEMBER, member=scene["bob"], reason="spam")
    response = client.get(scene["topic"].get_absolute_url())
    assert "Your account is banned." in response.content.decode()
    assert "_auth_user_id" not in client.session
