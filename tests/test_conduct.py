"""Warnings as on Invision (points that expire, a notice the member acknowledges, automatic suspension) and the
author being told on the site when a post is rejected."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import conduct, services
from moderation.models import TOOL_NAMES, ModerationLog, Warning
from notifications.models import Kind, Notification

from .moderation_fixtures import fast_passwords, scene, snapshot  # noqa: F401


def member_url(user):
    return reverse("moderation:member", kwargs={"pk": user.pk})


def warn(client, member, reason="Mind your language.", **fields):
    return client.post(member_url(member), {"action": "warn", "reason": reason, **fields})


@pytest.fixture
def threshold(board_settings):
    board_settings(warning_suspend_points=5, warning_suspend_days=3)


def test_a_warning_has_points_an_expiry_a_log_row_and_a_notification(client, scene, django_capture_on_commit_callbacks):
    bob = scene["bob"]
    client.force_login(scene["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        assert warn(client, bob, points="3", expires_days="30").status_code == 302
    warning = Warning.objects.get(member=bob)
    assert warning.points == 3 and warning.acknowledged_at is None
    assert abs(warning.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert ModerationLog.objects.get(action="member_warn", target_id=bob.pk).reason.startswith("Mind your language.")
    assert Notification.objects.get(recipient=bob).kind == Kind.WARNING
    assert mail.outbox[-1].to == ["bob@example.org"] and "Mind your language." in mail.outbox[-1].body
    assert User.objects.get(pk=bob.pk).warning_notice_pending


def test_points_without_an_expiry_never_expire_and_expired_points_stop_counting(scene):
    bob, moderator = scene["bob"], scene["moderator"]
    old = conduct.warn_member(bob, moderator, "Long ago", points=4, expires_days=10)
    conduct.warn_member(bob, moderator, "For good", points=2, expires_days=None)
    assert Warning.objects.get(reason="For good").expires_at is None
    assert conduct.active_points(bob) == 6
    Warning.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert conduct.active_points(bob) == 2
    assert conduct.active_points(bob, now=timezone.now() + timedelta(days=3650)) == 2


def test_reaching_the_threshold_of_active_points_suspends_the_member(client, scene, threshold):
    bob = scene["bob"]
    client.force_login(scene["moderator"])
    warn(client, bob, "First", points="3", expires_days="30")
    assert not User.objects.get(pk=bob.pk).is_suspended
    warn(client, bob, "Second", points="2", expires_days="30")
    bob.refresh_from_db()
    assert bob.is_suspended
    assert abs(bob.suspended_until - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    assert "5" in bob.suspension_reason
    assert ModerationLog.objects.filter(action="member_suspend", target_id=bob.pk).count() == 1
    # Suspended, the member reads but cannot post.
    client.force_login(bob)
    topic = scene["topic"]
    assert client.post(reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                       {"content": "hi"}).status_code == 403


def test_expired_points_do_not_suspend_and_a_zero_threshold_never_does(scene, threshold, board_settings):
    bob, moderator = scene["bob"], scene["moderator"]
    old = conduct.warn_member(bob, moderator, "Long ago", points=4, expires_days=10)
    Warning.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    conduct.warn_member(bob, moderator, "Now", points=2, expires_days=10)
    assert not User.objects.get(pk=bob.pk).is_suspended
    board_settings(warning_suspend_points=0)
    conduct.warn_member(bob, moderator, "Lots", points=10)
    assert not User.objects.get(pk=bob.pk).is_suspended


def test_a_longer_suspension_is_not_shortened_by_the_automatic_one(scene, threshold):
    bob, moderator = scene["bob"], scene["moderator"]
    until = timezone.now() + timedelta(days=30)
    services.suspend_member(bob, moderator, until, "long")
    conduct.warn_member(bob, moderator, "Five", points=5)
    assert User.objects.get(pk=bob.pk).suspended_until == until


@pytest.mark.parametrize("fields, error", [
    ({"points": "0"}, "greater than or equal to 1"),
    ({"points": "11"}, "less than or equal to 10"),
    ({"points": "x"}, "Enter a whole number"),
    ({"expires_days": "0"}, "greater than or equal to 1"),
    ({"reason": ""}, "Say why the member is warned."),
])
def test_bad_warning_input_is_a_form_error_that_keeps_the_reason(client, scene, fields, error):
    client.force_login(scene["moderator"])
    response = warn(client, scene["bob"], **{"reason": "Kept words", **fields})
    assert response.status_code == 400 and error in response.content.decode()
    if fields.get("reason", "x"):
        assert "Kept words" in response.content.decode()
    assert not Warning.objects.exists()


@pytest.mark.parametrize("who", ["member", "guest", "no_tools_mod"])
def test_warning_is_refused_to_who_may_not(client, scene, who, make_member):
    from moderation.models import Moderator

    if who == "no_tools_mod":
        user = make_member("approver", mfa=True)
        Moderator.objects.create(user=user, tools=["approve"]).forums.add(scene["forum"])
        client.force_login(user)
    elif who == "member":
        client.force_login(scene["member"])
    before = snapshot()
    assert warn(client, scene["bob"], points="5").status_code == 403
    assert snapshot() == before and not Warning.objects.exists()
    with pytest.raises(services.ModerationRefused):
        conduct.warn_member(scene["bob"], scene["member"], "no")


def test_the_member_sees_the_notice_until_they_acknowledge_it(client, scene):
    bob = scene["bob"]
    conduct.warn_member(bob, scene["moderator"], "Please stop shouting.", points=2, expires_days=7)
    client.force_login(bob)
    page = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "A moderator has warned you" in page and "Please stop shouting." in page and "Main topic" not in page
    # What they post still goes through: nothing they wrote is lost.
    topic = scene["topic"]
    assert client.post(reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                       {"content": "<p>sorry</p>"}).status_code == 302
    response = client.post(reverse("moderation:acknowledge_warnings"), {"next": topic.get_absolute_url()})
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    assert Warning.objects.get(member=bob).acknowledged_at is not None
    assert not User.objects.get(pk=bob.pk).warning_notice_pending
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Main topic" in page and "A moderator has warned you" not in page


def test_acknowledging_is_a_post_for_the_member_themselves(client, scene):
    bob = scene["bob"]
    conduct.warn_member(bob, scene["moderator"], "Careful.")
    url = reverse("moderation:acknowledge_warnings")
    assert client.post(url).status_code == 403  # a guest
    client.force_login(scene["member"])
    client.post(url)  # another member acknowledges only their own (none)
    assert Warning.objects.get(member=bob).acknowledged_at is None
    client.force_login(bob)
    assert client.get(url).status_code == 405
    assert client.post(url, {"next": "https://evil.example/"}).url == reverse("moderation:my_warnings")


def test_a_flag_left_without_a_warning_clears_itself(client, scene):
    bob = scene["bob"]
    conduct.warn_member(bob, scene["moderator"], "Careful.")
    Warning.objects.all().delete()
    client.force_login(bob)
    assert "Main topic" in client.get(scene["topic"].get_absolute_url()).content.decode()
    assert not User.objects.get(pk=bob.pk).warning_notice_pending


def test_members_see_their_own_warnings_history(client, scene):
    bob = scene["bob"]
    conduct.warn_member(bob, scene["moderator"], "Reason for Bob", points=3)
    conduct.warn_member(scene["member"], scene["moderator"], "Reason for someone else", points=1)
    assert client.get(reverse("moderation:my_warnings")).status_code == 403
    client.force_login(bob)
    page = client.get(reverse("moderation:my_warnings")).content.decode()  # open even before acknowledging
    assert "Reason for Bob" in page and "someone else" not in page and "3 active warning points" in page


@pytest.mark.parametrize("message", ["", "Off topic here."])
def test_rejecting_always_tells_the_author_on_the_site(client, scene, message, django_capture_on_commit_callbacks):
    from forum.models import Post

    bob = scene["bob"]
    Post.objects.filter(pk=scene["pending"].pk).update(author=bob)
    client.force_login(scene["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:review_act"), {"action": "reject", "posts": scene["pending"].pk,
                                                        "message": message})
    assert Post.objects.get(pk=scene["pending"].pk).state == Post.State.DELETED
    notification = Notification.objects.get(recipient=bob, kind=Kind.REJECTED)
    assert notification.reason == message
    client.force_login(bob)
    page = client.get(reverse("notifications:index")).content.decode()
    assert "was not approved" in page
    if message:
        assert message in page
        assert any(message in m.body for m in mail.outbox if m.to == ["bob@example.org"])


def test_the_notice_replaces_pages_only_not_files_or_json(client, scene):
    bob = scene["bob"]
    conduct.warn_member(bob, scene["moderator"], "Careful.")
    client.force_login(bob)
    assert client.get(reverse("notifications:count"), HTTP_ACCEPT="application/json")["Content-Type"].startswith(
        "application/json")
    page = client.get(scene["topic"].get_absolute_url(), HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert "A moderator has warned you" in page.content.decode()


# Withdrawing a warning ---------------------------------------------------------------------------------------------
def withdraw(client, warning):
    return client.post(reverse("moderation:withdraw_warning", kwargs={"pk": warning.pk}))


def test_a_withdrawn_warning_is_kept_stops_counting_and_is_logged(client, scene):
    bob, moderator = scene["bob"], scene["moderator"]
    kept = conduct.warn_member(bob, moderator, "Still stands", points=2)
    warning = conduct.warn_member(bob, moderator, "A mistake", points=3)
    assert conduct.active_points(bob) == 5
    client.force_login(moderator)
    page = client.get(member_url(bob)).content.decode()
    assert reverse("moderation:withdraw_warning", kwargs={"pk": warning.pk}) in page
    response = withdraw(client, warning)
    assert response.status_code == 302 and response.url == member_url(bob)
    warning.refresh_from_db()
    assert warning.withdrawn_at is not None and warning.withdrawn_by == moderator and not warning.is_active
    assert conduct.active_points(bob) == 2 and Warning.objects.count() == 2
    entry = ModerationLog.objects.get(action="member_warning_withdraw", target_id=bob.pk)
    assert entry.reason.startswith("A mistake") and entry.actor == moderator
    page = client.get(member_url(bob)).content.decode()
    assert "A mistake" in page and "Withdrawn" in page and "Active warning points</dt><dd>2" in page
    assert reverse("moderation:withdraw_warning", kwargs={"pk": kept.pk}) in page
    assert reverse("moderation:withdraw_warning", kwargs={"pk": warning.pk}) not in page
    assert "由 <bdi>moddy</bdi> 撤回" in client.get(member_url(bob), HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    # Withdrawing it twice changes nothing more.
    assert withdraw(client, warning).status_code == 302
    assert ModerationLog.objects.filter(action="member_warning_withdraw").count() == 1
    # The log reads it as a sentence.
    assert "withdrew a warning given to" in client.get(reverse("moderation:log"), {"member": bob.pk}).content.decode()


def test_a_withdrawn_warning_no_longer_shows_its_notice_and_the_member_sees_it_withdrawn(client, scene):
    bob, moderator = scene["bob"], scene["moderator"]
    first = conduct.warn_member(bob, moderator, "First reason", points=1)
    second = conduct.warn_member(bob, moderator, "Second reason", points=1)
    conduct.withdraw_warning(first, moderator)
    assert User.objects.get(pk=bob.pk).warning_notice_pending  # the second is still to read
    client.force_login(bob)
    page = client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "Second reason" in page and "First reason" not in page
    conduct.withdraw_warning(second, moderator)
    assert not User.objects.get(pk=bob.pk).warning_notice_pending
    assert "Main topic" in client.get(scene["topic"].get_absolute_url()).content.decode()
    page = client.get(reverse("moderation:my_warnings")).content.decode()
    assert "First reason" in page and page.count("withdrawn: the points no longer count") == 2
    assert "0 active warning points" in page and "I understand" not in page


def test_withdrawing_an_acknowledged_warning_leaves_no_notice(client, scene):
    bob, moderator = scene["bob"], scene["moderator"]
    warning = conduct.warn_member(bob, moderator, "Read already")
    conduct.acknowledge_warnings(bob)
    conduct.withdraw_warning(warning, moderator)
    assert not User.objects.get(pk=bob.pk).warning_notice_pending


@pytest.mark.parametrize("who", ["member", "guest", "no_tools_mod", "nomfa_mod", "bob"])
def test_withdrawing_is_refused_to_who_may_not(client, scene, who, make_member):
    from moderation.models import Moderator

    warning = conduct.warn_member(scene["bob"], scene["moderator"], "Stays", points=4)
    user = {"member": scene["member"], "bob": scene["bob"]}.get(who)
    if who == "no_tools_mod":
        user = make_member("approver", mfa=True)
        Moderator.objects.create(user=user, tools=["approve", "suspend"]).forums.add(scene["forum"])
    elif who == "nomfa_mod":
        user = make_member("nomfamod", mfa=False)
        Moderator.objects.create(user=user, tools=TOOL_NAMES).forums.add(scene["forum"])
    if user is not None:
        client.force_login(user)
    log_rows = ModerationLog.objects.count()
    status = withdraw(client, warning).status_code
    assert status == 403 or (who == "nomfa_mod" and status == 302)  # staff without two-factor: sent to set it up
    warning.refresh_from_db()
    assert warning.withdrawn_at is None and conduct.active_points(scene["bob"]) == 4
    assert ModerationLog.objects.count() == log_rows
    if user is not None:
        with pytest.raises(services.ModerationRefused):
            conduct.withdraw_warning(warning, user)
    with pytest.raises(services.ModerationRefused):
        conduct.withdraw_warning(warning, None)
    assert Warning.objects.get(pk=warning.pk).withdrawn_at is None


def test_withdrawing_a_warning_that_does_not_exist_is_a_404_and_a_get_is_refused(client, scene):
    warning = conduct.warn_member(scene["bob"], scene["moderator"], "Stays")
    client.force_login(scene["moderator"])
    assert client.post(reverse("moderation:withdraw_warning", kwargs={"pk": warning.pk + 999})).status_code == 404
    assert client.get(reverse("moderation:withdraw_warning", kwargs={"pk": warning.pk})).status_code == 405
    assert Warning.objects.get(pk=warning.pk).withdrawn_at is None
