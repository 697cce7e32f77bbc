"""The bell after a change of who may read what: a forum's permission grid, or a member's group, changes what a member
may see without any post changing. The worker rechecks their notifications: those from a forum their group may no
longer read stop counting (and leave the list), and come back when access returns."""

import re

import pytest
from django.urls import reverse

from accounts.models import MemberGroup
from follows.services import follow
from forum.models import FORUM_PERMISSIONS, ForumPermission
from notifications import services as notifications
from notifications.models import Notification

from .keeping_up import reply

ALL = [name for name, _label in FORUM_PERMISSIONS]


@pytest.fixture
def told(make_topic, make_member, django_capture_on_commit_callbacks):
    """alice (a member) follows a topic of the board's forum; bob replied: she has one unread notification."""
    alice, bob = make_member("alice"), make_member("bob")
    topic = make_topic(posts=2, title="Grid topic")
    follow(alice, topic)
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>news</p>")
    notification = Notification.objects.get(recipient=alice)
    assert stored(alice) == live(alice) == 1
    return {"alice": alice, "topic": topic, "notification": notification}


def stored(member):
    member.refresh_from_db(fields=["unread_notifications"])
    return member.unread_notifications


def live(member):
    """The live count, for the member as a new request sees them (what they may read is remembered per object)."""
    return notifications.unread_count(type(member).objects.get(pk=member.pk))


def counted_and_listed(client, member, notification):
    """(the count on the member's row, the live count, the bell in the page, whether the list shows it)."""
    client.force_login(member)
    html = client.get("/?fresh").content.decode()
    bell = int(re.search(r"data-bell-count[^>]*>(\d+)<", html)[1])
    listing = client.get(reverse("notifications:index")).content.decode()
    listed = reverse("notifications:open", kwargs={"pk": notification.pk}) in listing
    return stored(member), live(member), bell, listed


def grid_post(client, admin, forum, members_may_read):
    """Save the forum's grid on its page: guests and every group keep everything, but Members only what is asked."""
    client.force_login(admin)
    data = {f"{key}:{name}": "on" for key in ["guests", *MemberGroup.objects.values_list("pk", flat=True)]
            for name in ALL}
    if not members_may_read:
        members = MemberGroup.objects.get(name="Members")
        data.pop(f"{members.pk}:can_read")
    url = reverse("moderation:forum_permissions", kwargs={"pk": forum.pk})
    assert client.post(url, data).status_code == 302


def test_the_grid_taking_read_access_away_takes_the_notifications_out_of_the_bell_and_back(
        client, told, board, admin_user, django_capture_on_commit_callbacks):
    alice, notification = told["alice"], told["notification"]
    with django_capture_on_commit_callbacks(execute=True):
        grid_post(client, admin_user, board, members_may_read=False)
    assert ForumPermission.objects.get(forum=board, group__name="Members").can_read is False
    assert counted_and_listed(client, alice, notification) == (0, 0, 0, False)
    with django_capture_on_commit_callbacks(execute=True):
        grid_post(client, admin_user, board, members_may_read=True)
    assert counted_and_listed(client, alice, notification) == (1, 1, 1, True)


def test_a_grid_row_changed_in_the_admin_rechecks_too(client, told, board, admin_user,
                                                      django_capture_on_commit_callbacks):
    alice = told["alice"]
    row = ForumPermission.objects.create(forum=board, group=alice.primary_group)  # everything allowed
    client.force_login(admin_user)
    data = {name: "on" for name in ALL if name != "can_read"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:forum_forumpermission_change", args=[row.pk]),
                               {"forum": board.pk, "group": alice.primary_group_id, **data})
    assert response.status_code == 302
    assert stored(alice) == live(alice) == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:forum_forumpermission_delete", args=[row.pk]), {"post": "yes"})
    assert not ForumPermission.objects.filter(pk=row.pk).exists()
    assert stored(alice) == live(alice) == 1


@pytest.fixture
def outsiders(board):
    """A group that may not read the board's forum."""
    group = MemberGroup.objects.create(name="Outsiders", order=9)
    ForumPermission.objects.create(forum=board, group=group, can_read=False)
    return group


def test_a_member_moved_to_a_group_that_may_not_read_the_forum_no_longer_counts_its_notifications(
        client, told, outsiders, admin_user, django_capture_on_commit_callbacks):
    alice, notification = told["alice"], told["notification"]
    members = alice.primary_group
    url = reverse("moderation:member", kwargs={"pk": alice.pk})
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "group", "group": outsiders.pk}).status_code == 302
    assert counted_and_listed(client, alice, notification) == (0, 0, 0, False)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "group", "group": members.pk}).status_code == 302
    assert counted_and_listed(client, alice, notification) == (1, 1, 1, True)


def test_a_group_changed_in_the_admin_rechecks_the_members_bell(client, told, outsiders, admin_user,
                                                                django_capture_on_commit_callbacks):
    alice = told["alice"]
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"primary_group": outsiders.pk, "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
                 "last_login_0": "", "last_login_1": ""})
    data = {k: v for k, v in data.items() if not isinstance(v, (list, tuple))}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    alice.refresh_from_db()
    assert alice.primary_group == outsiders
    assert stored(alice) == live(alice) == 0


def test_saving_the_grid_without_changing_read_access_changes_no_count(
        client, told, board, admin_user, django_capture_on_commit_callbacks):
    alice = told["alice"]
    with django_capture_on_commit_callbacks(execute=True) as queued:
        grid_post(client, admin_user, board, members_may_read=True)
    assert queued  # the recheck ran in the worker (here, at once), and found nothing to change
    assert stored(alice) == live(alice) == 1


# Staff powers: a moderator sees hidden posts in the forums they moderate, and only with two-factor set up ------------
@pytest.fixture
def told_of_a_hidden_post(make_member, make_topic, admin_user, django_capture_on_commit_callbacks):
    """make(member) -> the member follows a topic, bob replies, and an administrator hides the reply."""
    from moderation.services import hide_post

    def make(member):
        bob = make_member("bob")
        topic = make_topic(posts=1, title="Hidden news")
        follow(member, topic)
        post = reply(django_capture_on_commit_callbacks, topic, bob, "<p>news</p>")
        with django_capture_on_commit_callbacks(execute=True):
            hide_post(post, admin_user, reason="spam")
        return Notification.objects.get(recipient=member)

    return make


def test_a_moderator_counts_a_hidden_posts_notification_only_once_two_factor_is_set_up(
        client, make_member, told_of_a_hidden_post, django_capture_on_commit_callbacks):
    from allauth.mfa.models import Authenticator

    from .test_accounts import PASSWORD, current_code

    moderator = make_member("mod", group="Moderators", mfa=False)
    told_of_a_hidden_post(moderator)
    assert stored(moderator) == live(moderator) == 0  # without two-factor, no staff power: the post is out of sight
    client.post("/accounts/login/", {"login": moderator.username, "password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again first
        client.post(response.url, {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)}).status_code == 302
    assert stored(moderator) == live(moderator) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert stored(moderator) == live(moderator) == 0


def moderator_form(member, **fields):
    return {"user": member.pk, "group": "", "all_forums": "on", "tools": ["hide", "approve"], **fields}


def test_a_moderator_assignment_made_and_removed_in_the_admin_rechecks_the_bell(
        client, make_member, admin_user, told_of_a_hidden_post, django_capture_on_commit_callbacks):
    from forum.models import Moderator

    alice = make_member("alice", mfa=True)
    told_of_a_hidden_post(alice)
    assert stored(alice) == live(alice) == 0
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:forum_moderator_add"), moderator_form(alice))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(alice) == live(alice) == 1
    assignment = Moderator.objects.get(user=alice)
    carol = make_member("carol", mfa=True)
    with django_capture_on_commit_callbacks(execute=True):  # given to someone else: alice loses it
        response = client.post(reverse("admin:forum_moderator_change", args=[assignment.pk]), moderator_form(carol))
    assert response.status_code == 302
    assert stored(alice) == live(alice) == 0
    assignment.user = alice
    with django_capture_on_commit_callbacks(execute=True):  # outside the admin too (the shell, an import)
        assignment.save()
    assert stored(alice) == live(alice) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:forum_moderator_delete", args=[assignment.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Moderator.objects.exists()
    assert stored(alice) == live(alice) == 0


def test_a_groups_moderator_flag_changed_in_the_admin_rechecks_its_members_bells(
        client, make_member, admin_user, told_of_a_hidden_post, django_capture_on_commit_callbacks):
    helpers = MemberGroup.objects.create(name="Helpers", order=8)
    alice = make_member("alice", mfa=True)
    alice.primary_group = helpers
    alice.save()
    told_of_a_hidden_post(alice)
    assert stored(alice) == live(alice) == 0
    client.force_login(admin_user)
    url = reverse("admin:accounts_membergroup_change", args=[helpers.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, bool)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "is_moderator": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    helpers.refresh_from_db()
    assert helpers.is_moderator
    assert stored(alice) == live(alice) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert stored(alice) == live(alice) == 0
