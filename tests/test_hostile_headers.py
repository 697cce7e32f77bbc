"""Issue 10: the browser's second line of defence. A strict Content-Security-Policy and a Permissions-Policy on every
page, no inline script or style left in any template, and images from other hosts not fetched when a page is read."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from forum.content import render_post_html

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates",
                 *(p / "templates" for p in Path(settings.BASE_DIR).iterdir() if (p / "templates").is_dir())]


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part.strip()}


def test_every_page_has_a_strict_policy_without_unsafe_inline_or_eval(client, make_topic, member):
    topic = make_topic(posts=2)
    client.force_login(member)
    for url in ["/", topic.get_absolute_url(), topic.forum.get_absolute_url(), member.get_absolute_url(),
                "/accounts/login/", "/nowhere/"]:
        response = client.get(url)
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], url  # no nonce: nothing on our pages needs one
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
        # Images from the board only (no "https:"): another host's image is a link in posts, a placeholder in the
        # editor (tests/browser/test_hostile_csp.py), so no page tells another host who reads or writes it.
        assert directives["img-src"] == ["'self'", "data:", "blob:"], url
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text()
            found += [f"{path}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found, found


def test_group_badges_are_coloured_by_a_stylesheet(client, make_topic, groups):
    html = client.get(make_topic(posts=1).get_absolute_url()).content.decode()
    assert 'href="/groups.css"' in html and "group-badge-" in html
    css = client.get("/groups.css").content.decode()
    assert f".group-badge-{groups['Members'].pk}{{background-color:{groups['Members'].badge_colour}}}" in css
    groups["Members"].badge_colour = "0}*{a:0"  # not a colour: left out, never written into the stylesheet
    groups["Members"].save()
    assert "}*{" not in client.get("/groups.css").content.decode()


@pytest.mark.parametrize("stored, shown", [
    ('<p><img src="https://tracker.example/pixel.png" alt="a chart"></p>',
     '<a class="external-image" href="https://tracker.example/pixel.png" rel="nofollow ugc noopener">'
     '<span aria-hidden="true">🖼</span> Image from tracker.example: a chart</a>'),
    ('<p><img src="/media/uploads/a.png" alt="ours"></p>', '<img src="/media/uploads/a.png" alt="ours">'),
])
def test_images_from_other_hosts_are_links_until_followed(stored, shown):
    assert shown in render_post_html(stored)


@pytest.mark.parametrize("environment, origins", [
    ({}, []),
    ({"AWS_STORAGE_BUCKET_NAME": "agora-media", "AWS_S3_REGION_NAME": "eu-west-1"},
     ["https://agora-media.s3.amazonaws.com", "https://agora-media.s3.eu-west-1.amazonaws.com"]),
    ({"AWS_STORAGE_BUCKET_NAME": "agora-media", "AWS_S3_CUSTOM_DOMAIN": "media.board.example"},
     ["https://media.board.example"]),
    ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://s3.minio.example:9000"},
     ["https://s3.minio.example:9000", "https://b.s3.minio.example:9000"]),
    ({"AGORA_MEDIA_ORIGINS": "https://cdn.board.example/"}, ["https://cdn.board.example"]),
])
def test_img_src_adds_where_the_boards_media_are_stored(monkeypatch, environment, origins):
    from config.settings import _media_origins

    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_REGION_NAME", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ENDPOINT_URL",
                 "AGORA_MEDIA_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _media_origins() == origins


def test_images_from_the_media_storage_stay_images(settings):
    settings.AGORA_MEDIA_ORIGINS = ["https://media.board.example"]
    stored = '<p><img src="https://media.board.example/avatars/a.png" alt="ours"></p>'
    assert '<img src="https://media.board.example/avatars/a.png" alt="ours">' in render_post_html(stored)
