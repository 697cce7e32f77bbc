"""The app keeps no state in its processes: two gunicorn servers on the same PostgreSQL and Redis agree at once."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode


import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _redis_cache():
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


pytestmark = pytest.mark.skipif(
    not _redis_cache() and os.environ.get("CI") != "true",
    reason="two servers share state through Redis, and no Redis answers here",
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}@{host.replace('/', '%2F')}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, port, log):
        from django.core.cache import cache

        self.base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(DJANGO_SETTINGS_MODULE="config.settings_test", DATABASE_URL=_database_url(),
                   TEST_REDIS_URL=settings.CACHES["default"]["LOCATION"], TEST_CACHE_PREFIX=cache.key_prefix,
                   GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", AGORA_SHORT_LINK_RATE="3/h")
        self.process = subprocess.Popen([str(GUNICORN), "-c", "config/gunicorn.conf.py"], cwd=BASE_DIR, env=env,
                                        stdout=log, stderr=subprocess.STDOUT)

    def wait(self):
        for _ in range(150):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"{self.base} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


class Visitor:
    """A browser: its own cookies, reaching whichever server it is told."""

    def __init__(self, session=None):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())
        self.session = session

    def _headers(self):
        cookies = {c.name: c.value for c in self.jar}
        if self.session:
            cookies["sessionid"] = self.session
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}

    def get(self, server, path):
        request = urllib.request.Request(server.base + path, headers=self._headers())
        with self.opener.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()

    def post(self, server, path, data):
        token = next((c.value for c in self.jar if c.name == "csrftoken"), None)
        if token is None:  # as static/js/form-token.js does
            self.get(server, "/form-token/")
            token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(server.base + path, data=body, headers={
            **self._headers(), "Content-Type": "application/x-www-form-urlencoded", "Referer": server.base + "/"})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_302


@pytest.fixture(scope="module")
def running(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers for the module's tests, on the test database (which each test fills and empties)."""
    log = open(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log", "w")
    started = [Server(_free_port(), log), Server(_free_port(), log)]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()
        log.close()


@pytest.fixture
def servers(running, transactional_db):
    return running


def test_two_servers_see_each_others_writes_at_once(servers, make_topic, make_member, client):
    from forum.models import Post

    one, two = servers
    topic = make_topic(title="Served twice", posts=3)
    url = topic.get_absolute_url()
    rater = make_member("rater")
    client.force_login(rater)
    member = Visitor(session=client.cookies["sessionid"].value)
    guest = Visitor()

    for server in servers:  # warm both guest caches
        guest.get(server, url)
        status, headers, _html = guest.get(server, url)
        assert status == 200 and headers["X-Cache"] == "hit" and "Set-Cookie" not in headers

    assert member.post(one, f"/topic/{topic.pk}-{topic.slug}/rate/", {"value": "4"}) == 302
    assert member.post(one, f"/topic/{topic.pk}-{topic.slug}/reply/",
                       {"content": "<p>Written through server one</p>"}) == 302
    assert Post.objects.filter(topic=topic, content__contains="server one").exists()

    for visitor in (guest, member):
        status, _headers, html = visitor.get(two, url)
        assert status == 200 and "Written through server one" in html
        assert "4.0 out of 5, 1 rating" in html


def test_a_rate_limit_counted_through_one_server_holds_through_the_other(servers, make_topic):
    one, two = servers
    topic = make_topic(title="Limited")
    visitor = Visitor()
    assert [visitor.post(one, "/s/", {"topic": topic.pk}) for _ in range(3)] == [302, 302, 302]
    assert visitor.post(two, "/s/", {"topic": topic.pk}) == 429


def test_board_settings_saved_through_one_server_apply_on_the_other(servers, make_topic, make_member, admin_user):
    from django.test import Client

    one, two = servers
    topic = make_topic(title="Settings")
    path = f"/topic/{topic.pk}-{topic.slug}/reply/"
    writer_client, admin_client = Client(), Client()
    writer_client.force_login(make_member("writer"))
    admin_client.force_login(admin_user)
    writer = Visitor(session=writer_client.cookies["sessionid"].value)
    admin = Visitor(session=admin_client.cookies["sessionid"].value)
    # Server two reads (and keeps) the settings as they are: no flood control in the tests' settings.
    assert writer.post(two, path, {"content": "<p>one</p>"}) == 302
    assert writer.post(two, path, {"content": "<p>two</p>"}) == 302
    assert admin.post(one, "/mod/settings/", {
        "approve_first_posts": 0, "held_words": "", "hold_links_under_posts": 0,
        "require_verified_email_to_post": "on", "flood_seconds": 60, "flood_seconds_by_group": "",
        "guest_posts_per_hour": 3, "guest_posts_per_email": 3, "recycle_bin_days": 30,
        "warning_suspend_points": 10, "warning_suspend_days": 7}) == 302
    assert writer.post(two, path, {"content": "<p>three</p>"}) == 429
