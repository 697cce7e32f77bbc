"""Warnings as on Invision (points that expire, a notice the member acknowledges, automatic suspension) and the
author being told on the site when a post is rejected."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import conduct, services
from moderation.models import ModerationLog, Warning
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
