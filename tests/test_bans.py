"""IP-range bans reach members already signed in; every kind of ban is lifted with a button on the bans page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.models import Ban, ModerationLog, Moderator

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

BANS = "/mod/bans/"


def signed_in(client):
    return "_auth_user_id" in client.session


def test_an_ip_range_ban_signs_out_members_already_signed_in(client, scene, admin_user):
    admin = client.__class__()
    admin.force_login(admin_user)
    client.force_login(scene["bob"])
    assert client.get("/").status_code == 200 and signed_in(client)
    admin.post(BANS, {"kind": "ip", "value": "198.51.100.0/24", "reason": "spam wave"}, REMOTE_ADDR="192.0.2.9")
    assert Ban.objects.filter(kind=Ban.Kind.IP).count() == 1
    assert client.get("/", REMOTE_ADDR="192.0.2.1").status_code == 200 and signed_in(client)  # outside the range
    page = client.get(scene["topic"].get_absolute_url(), REMOTE_ADDR="198.51.100.7").content.decode()
    assert "Connections from your IP address are banned on this board." in page
    assert not signed_in(client)
    client.force_login(scene["bob"])
    client.get("/", REMOTE_ADDR="192.0.2.1")
    assert signed_in(client)


def test_the_ban_is_for_the_client_behind_a_trusted_proxy(client, scene, settings):
    settings.TRUSTED_PROXIES = "10.0.0.0/8"
    Ban.objects.create(kind=Ban.Kind.IP, value="198.51.100.7")
    client.force_login(scene["bob"])
    client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert signed_in(client)
    client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert not signed_in(client)


def test_an_expired_ip_ban_no_longer_applies(client, scene):
    from datetime import timedelta

    from django.utils import timezone

    Ban.objects.create(kind=Ban.Kind.IP, value="127.0.0.0/8", expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(scene["bob"])
    client.get("/")
    assert signed_in(client)


def test_the_ip_ban_list_costs_no_query_once_cached(client, scene):
    client.force_login(scene["bob"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(scene["topic"].get_absolute_url())
        return len(captured)

    queries()  # a warm cache (the reaction types, the IP-ban list...), as on a running board
    without = queries()
    Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.0/24")
    queries()  # the list changed: read once
    assert queries() == without


@pytest.mark.parametrize("kind, make", [
    ("member", lambda s: Ban.objects.create(kind=Ban.Kind.MEMBER, member=s["bob"])),
    ("email", lambda s: Ban.objects.create(kind=Ban.Kind.EMAIL, value="bob@example.org")),
    ("domain", lambda s: Ban.objects.create(kind=Ban.Kind.EMAIL, value="*@spam.example")),
    ("ip", lambda s: Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.0/24")),
])
def test_every_kind_of_ban_is_lifted_with_a_button_and_logged(client, scene, admin_user, kind, make):
    ban = make(scene)
    client.force_login(admin_user)
    page = client.get(BANS).content.decode()
    assert f'action="/mod/bans/{ban.pk}/lift/"' in page and "Lift ban" in page
    response = client.post(f"/mod/bans/{ban.pk}/lift/")
    assert response.status_code == 302 and not Ban.objects.filter(pk=ban.pk).exists()
    entry = ModerationLog.objects.get(actor=admin_user)
    assert entry.action == ("member_unban" if kind == "member" else "unban_ip" if kind == "ip" else "unban_email")
    assert "The ban was lifted." in client.get(BANS).content.decode()


def test_lifting_needs_a_post(client, scene, admin_user):
    ban = Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.1")
    client.force_login(admin_user)
    assert client.get(f"/mod/bans/{ban.pk}/lift/").status_code == 405
    assert Ban.objects.filter(pk=ban.pk).exists()


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_only_administrators_and_board_wide_ban_holders_lift_bans(client, scene, who):
    ban = Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.1")
    client.force_login(scene[who])  # `moderator` holds every tool, but in chosen forums only
    assert client.post(f"/mod/bans/{ban.pk}/lift/").status_code == 403
    assert client.get(BANS).status_code == 403
    assert Ban.objects.filter(pk=ban.pk).exists() and not ModerationLog.objects.exists()


def test_a_moderator_with_the_ban_tool_everywhere_manages_bans(client, scene, make_member):
    everywhere = make_member("banhammer", mfa=True)
    Moderator.objects.create(user=everywhere, all_forums=True, tools=["ban"])
    ban = Ban.objects.create(kind=Ban.Kind.EMAIL, value="*@spam.example")
    client.force_login(everywhere)
    assert client.post(f"/mod/bans/{ban.pk}/lift/").status_code == 302
    assert not Ban.objects.filter(pk=ban.pk).exists()


def test_a_ban_lifted_twice_says_so(client, scene, admin_user):
    ban = Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.1")
    client.force_login(admin_user)
    client.post(f"/mod/bans/{ban.pk}/lift/")
    assert client.post(f"/mod/bans/{ban.pk}/lift/").status_code == 404


def test_an_administrator_cannot_ban_the_range_they_are_in(client, scene, admin_user):
    client.force_login(admin_user)
    response = client.post(BANS, {"kind": "ip", "value": "127.0.0.0/8"})
    assert response.status_code == 400
    assert "includes the address you are connecting from" in response.content.decode()
    assert not Ban.objects.exists() and signed_in(client)


def test_the_bans_page_in_chinese(client, scene, admin_user):
    Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.1")
    client.force_login(admin_user)
    page = client.get(BANS, HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "解除封禁" in page
