"""The client's address behind a proxy: X-Forwarded-For is believed only from the proxies TRUSTED_PROXIES names."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from forum.http import client_ip
from moderation.models import Ban


def request(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # rate-limit counts and the IP-ban list live in the cache, which outlives each test
    yield
    cache.clear()


@pytest.mark.parametrize("setting", ["", "0"])
def test_without_trusted_proxies_the_header_is_never_believed(settings, setting):
    settings.TRUSTED_PROXIES = setting
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_hop_count_takes_the_address_the_last_proxy_saw(settings):
    settings.TRUSTED_PROXIES = "1"
    # The client forged "6.6.6.6"; our one proxy appended the address it really saw.
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.1")) == "198.51.100.1"
    settings.TRUSTED_PROXIES = "2"
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1")) == "198.51.100.1"
    assert client_ip(request("10.0.0.2", "garbage, 10.0.0.1")) == "10.0.0.2"  # unreadable: the peer stands


def test_networks_believe_the_header_only_from_a_proxy_in_them(settings):
    settings.TRUSTED_PROXIES = "10.0.0.0/8, 2001:db8::/32"
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1")) == "198.51.100.1"
    assert client_ip(request("2001:db8::5", "[2001:db8:1::9]")) == "2001:db8:1::9"
    # A peer outside the networks is the client, whatever it writes in the header.
    assert client_ip(request("203.0.113.7", "10.0.0.1")) == "203.0.113.7"
    # Every hop is ours: the leftmost is the client.
    assert client_ip(request("10.0.0.2", "10.0.0.9")) == "10.0.0.9"


def test_forged_header_from_an_untrusted_peer_does_not_dodge_an_ip_ban(client, db, settings):
    from accounts.models import User

    settings.TRUSTED_PROXIES = "10.0.0.0/8"
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.0/24")
    data = {"username": "spammer", "email": "x@example.org", "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42", "accept_terms": "on"}
    client.post("/accounts/signup/", data, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert not User.objects.filter(username="spammer").exists()
    # Through our proxy, the banned address is the one the proxy saw, and the proxy itself is not banned.
    client.post("/accounts/signup/", data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert not User.objects.filter(username="spammer").exists()
    client.post("/accounts/signup/", data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert User.objects.filter(username="spammer").exists()


def test_rate_limits_count_per_client_behind_the_proxy(client, make_topic, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.AGORA_SHORT_LINK_RATE = "2/m"
    topic = make_topic()
    for _ in range(2):
        assert client.post("/s/", {"topic": topic.pk}, REMOTE_ADDR="10.0.0.1",
                           HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert client.post("/s/", {"topic": topic.pk}, REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # Another visitor behind the same proxy has their own allowance; forging a left-hand entry changes nothing.
    assert client.post("/s/", {"topic": topic.pk}, REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert client.post("/s/", {"topic": topic.pk}, REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1").status_code == 429


def test_the_moderation_log_records_the_client_behind_the_proxy(client, make_topic, admin_user, settings):
    from moderation.models import ModerationLog

    settings.TRUSTED_PROXIES = "1"
    topic = make_topic()
    client.force_login(admin_user)
    client.post(f"/mod/topic/{topic.pk}/pin/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert ModerationLog.objects.get(action="topic_pin").ip_address == "198.51.100.1"
