"""Member accounts: two-factor authentication for staff, password reset and change, email change, allauth's
login rate limits, and email confirmation before posting."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.core.cache import cache

PASSWORD = "correct horse battery"


def current_code(secret):
    return totp.format_hotp_value(totp.hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize("group, path", [("Administrators", "/admin/"), ("Administrators", "/admin/forum/post/"),
                                         ("Moderators", "/mod/queue/")])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, make_member, group, path):
    client.force_login(make_member("staff", group=group, mfa=False))
    response = client.get(path)
    assert response.status_code == 302 and response.url == "/accounts/2fa/totp/activate/"


def test_members_are_not_asked_for_two_factor(client, member):
    client.force_login(member)
    assert client.get("/admin/").url.startswith("/admin/login/")  # the admin's own refusal, not the 2FA page


def test_administrator_sets_up_totp_then_the_admin_opens(client, make_member):
    admin_user = make_member("boardadmin", group="Administrators", mfa=False)
    client.post("/accounts/login/", {"login": admin_user.username, "password": PASSWORD})
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/2fa/totp/activate/"
    assert "must turn on two-factor authentication" in response.content.decode()
    # allauth asks for the password again before adding an authenticator, then comes back.
    if response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/"):
        response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    secret = response.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=admin_user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_administrator_with_totp_must_give_a_code_to_sign_in(client, make_member):
    admin_user = make_member("boardadmin", group="Administrators", mfa=False)
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(admin_user, secret)
    response = client.post("/accounts/login/", {"login": admin_user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_offered_to_every_member(client, member):
    client.force_login(member)
    html = client.get("/accounts/2fa/").content.decode()
    assert "Authenticator App" in html


def test_password_reset_by_email(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in w)
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "a brand new passphrase 7", "password2": "a brand new passphrase 7"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase 7")


def test_password_change(client, member):
    client.force_login(member)
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "another passphrase 99", "password2": "another passphrase 99"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another passphrase 99")


def test_email_change_needs_the_new_address_confirmed(client, member):
    client.force_login(member)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=member, email="new@example.org")
    assert not added.verified and len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]


def test_failed_sign_ins_are_rate_limited(client, member):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "member", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": "member", "password": PASSWORD})
    assert response.status_code != 302
    assert "Too many failed login attempts" in response.content.decode()


def test_unconfirmed_member_cannot_post(client, make_topic, make_member):
    topic = make_topic()
    client.force_login(make_member("fresh", verified=False))
    response = client.post(f"{topic.get_absolute_url()}reply/", {"content": "hello"})
    assert response.status_code == 403 and topic.posts.count() == 1
