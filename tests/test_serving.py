"""Serving many visitors: guests' pages from the shared cache and right after every write, no cookie and no write
on a GET, the health check, request ids, uploads served safely, production settings that pass `check --deploy`."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services as forum_services
from ratings import services as rating_services

BASE_DIR = Path(__file__).resolve().parent.parent


def guest_get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def topic(make_topic):
    return make_topic(title="Cached for guests", posts=3)


def test_guest_pages_come_from_the_cache_and_set_no_cookie(client, topic):
    for url in ("/", topic.forum.get_absolute_url(), topic.get_absolute_url()):
        first, second = guest_get(client, url), guest_get(client, url)
        assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit", url
        assert first.content == second.content
        assert not first.cookies and not second.cookies, url
        assert "Set-Cookie" not in second
        # What the middleware after the cache adds is kept with the page.
        assert second["X-Frame-Options"] == "DENY"


def test_a_reply_shows_at_once_to_guests_on_the_topic_its_forum_and_the_index(client, topic, member):
    pages = ["/", topic.forum.get_absolute_url(), topic.get_absolute_url()]
    for url in pages:
        guest_get(client, url)
    forum_services.reply(topic, member, "<p>Fresh news from a member</p>")
    assert "Fresh news from a member" in guest_get(client, topic.get_absolute_url()).content.decode()
    # The forum list and the index show the new reply count / last post.
    assert guest_get(client, topic.forum.get_absolute_url())["X-Cache"] == "miss"
    assert guest_get(client, "/")["X-Cache"] == "miss"


def test_a_rating_and_a_hidden_post_show_at_once_to_guests(client, topic, make_member):
    from forum.models import Post
    from moderation import services as moderation

    url = topic.get_absolute_url()
    before = guest_get(client, url).content
    rating_services.rate_topic(topic, make_member("rater"), 4)
    after = guest_get(client, url)
    assert after["X-Cache"] == "miss" and after.content != before
    post = Post.objects.get(topic=topic, position=2)
    moderation.hide_post(post, make_member("mod", group="Moderators"), reason="spam")
    assert "Post 2" not in guest_get(client, url).content.decode()


def test_a_page_is_kept_per_language(client, topic):
    url = topic.get_absolute_url()
    guest_get(client, url)
    chinese = client.get(url, headers={"Accept-Language": "zh-hans"})
    assert chinese["X-Cache"] == "miss" and 'lang="zh-hans"' in chinese.content.decode()


def test_members_and_guests_with_a_session_are_never_served_a_shared_page(client, topic, member):
    url = topic.get_absolute_url()
    guest_get(client, url)
    client.force_login(member)
    response = client.get(url)
    assert "X-Cache" not in response and member.username in response.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' not in response.content.decode()


def test_forms_on_a_shared_page_get_their_token_when_used(client, topic, board):
    """The footer's and the guest notice's forms are there, with empty CSRF fields; /form-token/ gives a token (and
    its cookie) that makes a guest's post go through."""
    from django.test import Client

    board.allow_guest_posts = True
    board.save()
    html = guest_get(client, topic.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("sharing:create"), {"topic": topic.pk})
    assert refused.status_code == 403
    token = strict.get(reverse("serving:form_token"))
    assert token["Cache-Control"].startswith("max-age=0") and "csrftoken" in token.cookies
    accepted = strict.post(reverse("sharing:create"), {"topic": topic.pk, "csrfmiddlewaretoken": token.json()["token"]})
    assert accepted.status_code == 302
    # Choosing a language or dismissing the notice only sets the visitor's own cookie: no token needed.
    assert strict.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}).status_code == 302
    assert strict.post(reverse("forum:dismiss_notice"), {"next": "/"}).status_code == 302


def _writes(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_a_get_of_every_main_page_writes_nothing_for_guests_and_members(client, make_topic, member, make_member):
    topic = make_topic(posts=60)
    author = make_member("author")
    forum_services.reply(topic, author, "<p>By the author</p>")
    pages = ["/", topic.forum.get_absolute_url(), topic.get_absolute_url(), topic.get_page_url(2),
             topic.get_page_url(3), author.get_absolute_url(), reverse("accounts:terms"),
             reverse("forum:choose_forum"), reverse("sharing:wechat", kwargs={"pk": topic.pk, "slug": topic.slug})]
    for url in pages:
        assert _writes(client, url) == [], url
        assert _writes(client, url) == [], url  # and again, from the cache where it may be
    client.force_login(member)
    member_pages = [*pages, reverse("accounts:edit_profile"), reverse("forum:new_topic", kwargs={
        "pk": topic.forum_id, "slug": topic.forum.slug}), reverse("guestposts:pending")]
    for url in member_pages:
        # The one write a member's GET may make (issue 13): how far they have read a topic, one small upsert that
        # never moves backwards (unread). Nothing else.
        writes = [sql for sql in _writes(client, url) if not sql.startswith("INSERT INTO unread_readmarker")]
        assert writes == [], url


def test_last_seen_is_written_by_the_timer_not_by_a_page(client, member):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User

    client.force_login(member)  # signing in is a POST: it writes "last seen" at once
    long_ago = timezone.now() - timedelta(hours=3)
    User.objects.filter(pk=member.pk).update(last_seen=long_ago)
    assert _writes(client, "/") == []
    assert User.objects.get(pk=member.pk).last_seen == long_ago
    # The profile already tells the truth...
    html = client.get(member.get_absolute_url()).content.decode()
    assert "3\xa0hours ago" not in html
    # ...and the timer writes it.
    call_command("flush_counts", stdout=open(os.devnull, "w"))
    assert User.objects.get(pk=member.pk).last_seen > long_ago


def test_health_check_answers_without_session_or_cookie(client, db):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # a load balancer asks by address
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies


def test_health_check_says_503_when_the_cache_is_gone(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 0.2}}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok" and response.json()["cache"].startswith("error")


def test_each_request_has_an_id_in_its_response_and_its_log_lines(client, db, caplog):
    from serving.logs import JsonFormatter, RequestIdFilter

    with caplog.at_level(logging.INFO, logger="agora.requests"):
        response = client.get("/terms/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    record = next(r for r in caplog.records if r.name == "agora.requests")
    RequestIdFilter().filter(record)  # outside the request: the id was reset
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/terms/" and line["status"] == 200 and "ms" in line
    assert client.get("/terms/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_uploads_are_served_with_their_type_and_never_sniffed(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nrest")
    (tmp_path / "uploads" / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path.parent / "secret.txt").write_text("not yours")
    image = client.get("/media/uploads/photo.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff" and image["Content-Disposition"] == "inline"
    page = client.get("/media/uploads/page.html")
    assert page["Content-Type"] == "application/octet-stream" and page["Content-Disposition"].startswith("attachment")
    assert client.get("/media/../secret.txt").status_code == 404
    assert client.get("/media/uploads/missing.png").status_code == 404


def _manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for browser tests
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, capture_output=True, text=True,
                          env={**environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", REDIS_URL="redis://127.0.0.1:6379/0",
                     SECRET_KEY="a-long-random-production-key-" + "x" * 40, ALLOWED_HOSTS="forum.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_server_keeps_no_database_connection_open():
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    result = _manage("shell", "-c", code, DEBUG="1")
    assert result.stdout.split()[-1] == "0", result.stderr
    assert _manage("shell", "-c", code, DEBUG="0").stdout.split()[-1] == "60"


def test_a_request_for_an_unknown_host_is_a_400_not_a_500(client, db):
    from django.test import Client

    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
