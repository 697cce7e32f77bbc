"""Issue 10: the sanitizer's cost is bounded. Markup nested deeper than MAX_NESTING is refused by the posting forms
(with a clear error, keeping the text) and flattened by the sanitizer itself, and a post is sanitized once, before
the topic's row lock is taken. The cost itself is shown in bench/sanitizer.py (not a timed test)."""

import re
from contextlib import contextmanager
import uuid
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import content, services
from forum.content import MAX_NESTING, SanitizedHTML, sanitize_html, too_deeply_nested
from forum.models import Post


class _Depth(HTMLParser):
    """The deepest element nesting of well-formed markup, and whether every element was closed in order."""

    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__()
        self.stack, self.deepest, self.balanced = [], 0, True

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
            self.deepest = max(self.deepest, len(self.stack))

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def depth_of(markup):
    parser = _Depth()
    parser.feed(markup)
    parser.close()
    return parser


HOSTILE_NESTING = [
    "<ul><li>" * 3000 + "deep text",
    "<div>" * 3000 + "deep text" + "</div>" * 3000,
    "<blockquote>" * 3000 + "deep text",
    "<b><i>" * 3000 + "deep text",
    "<b><p></b></p>" * 3000 + "deep text",
    '<span class="x">' * 3000 + "deep text",
]


@pytest.mark.parametrize("raw", HOSTILE_NESTING)
def test_deep_nesting_is_flattened_to_the_limit_and_keeps_its_text(raw):
    assert too_deeply_nested(raw) or raw.startswith("<b><p>")
    flat = content._flatten(raw)[0]
    shape = depth_of(flat)
    assert shape.balanced and shape.deepest <= MAX_NESTING
    cleaned = sanitize_html(raw)
    assert "deep text" in cleaned
    assert depth_of(cleaned).deepest <= MAX_NESTING + 1  # + the paragraph plain text may get


def test_markup_within_the_limit_is_untouched():
    html = "<blockquote>" * 10 + "<p>quoted <strong>ten</strong> times</p>" + "</blockquote>" * 10
    assert not too_deeply_nested(html)
    assert sanitize_html(html) == html


@pytest.mark.parametrize("raw, kept", [
    ("<scr<b>ipt>alert(1)</script>", "ipt&gt;alert(1)"),  # removing a tag never joins two halves into a new one
    ("<<p>script>alert(1)<</p>/script>", "&lt;"),
    ("a < b and c <3 d", "a &lt; b and c &lt;3 d"),
    ('<a title="x>y" href="https://example.org/">link</a>', 'href="https://example.org/"'),
    ("<script>" * 5000, ""),  # an unclosed script: everything after it is its content, dropped in one pass
])
def test_the_flattening_pass_tokenizes_like_html(raw, kept):
    cleaned = sanitize_html(raw)
    assert kept in cleaned
    assert "<script" not in cleaned.lower()


def test_a_deeply_nested_reply_gets_a_clear_error_and_keeps_its_text(client, member, make_topic):
    topic = make_topic(posts=1)
    client.force_login(member)
    raw = "<blockquote>" * (MAX_NESTING + 5) + "<p>my careful words</p>" + "</blockquote>" * (MAX_NESTING + 5)
    response = client.post(f"/topic/{topic.pk}-{topic.slug}/reply/",
                           {"content": raw, "submission_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"more than {MAX_NESTING} levels deep" in page
    assert "my careful words" in page
    assert Post.objects.filter(topic=topic).count() == 1


@contextmanager
def sanitizer_calls(monkeypatch):
    """A list that gets, for each time the sanitizer runs, whether a row lock (SELECT ... FOR UPDATE) was taken
    before it in the block."""
    calls, real_cleaner = [], content._cleaner

    def counting_cleaner(raw):
        calls.append(any("FOR UPDATE" in q["sql"] for q in queries.captured_queries))
        return real_cleaner(raw)

    monkeypatch.setattr(content, "_cleaner", counting_cleaner)
    with CaptureQueriesContext(connection) as queries:
        yield calls
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)  # the block did take the lock


def test_a_reply_is_sanitized_once_and_outside_the_topic_lock(client, member, make_topic, monkeypatch):
    """The form sanitizes; the service stores what the form made and sanitizes nothing under the lock."""
    topic = make_topic(posts=1)
    client.force_login(member)
    with sanitizer_calls(monkeypatch) as calls:
        response = client.post(f"/topic/{topic.pk}-{topic.slug}/reply/",
                               {"content": "<p>once only</p>", "submission_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert calls == [False]
    assert Post.objects.get(topic=topic, position=2).content == "<p>once only</p>"


def test_the_reply_service_sanitizes_raw_content_before_locking(member, make_topic, monkeypatch):
    topic = make_topic(posts=1)
    with sanitizer_calls(monkeypatch) as calls:
        post = services.reply(topic, member, '<p onclick="x()">raw</p>')
        assert post.content == "<p>raw</p>" and calls == [False]
        services.reply(topic, member, SanitizedHTML("<p>already clean</p>"))  # what sanitize_html returns
    assert len(calls) == 1


def test_sanitize_html_marks_its_output():
    assert isinstance(sanitize_html("x"), SanitizedHTML)


def test_flattened_output_is_linear_in_the_input():
    """Not a timing: the flattening pass leaves no more tags than it was given, and at most MAX_NESTING open."""
    raw = "<ul><li>" * 10000
    flat = content._flatten(raw)[0]
    assert len(re.findall(r"<(?:ul|li)>", flat)) == MAX_NESTING


def test_drafts_are_sanitized_when_saved(client, member, make_topic):
    from editor.models import Draft

    topic = make_topic(posts=1)
    client.force_login(member)
    response = client.post("/editor/draft/", {"topic": topic.pk, "content":
                           '<div class="embed" data-embed-url="javascript:alert(1)"></div><p onclick="x()">kept</p>'})
    assert response.status_code == 200 and response.json()["saved"]
    stored = Draft.objects.get(user=member, topic=topic).content
    assert "javascript:" not in stored and "onclick" not in stored and "kept" in stored
    client.post("/editor/draft/", {"topic": topic.pk, "content": "<p>\u200b</p>"})  # nothing visible: forgotten
    assert not Draft.objects.filter(user=member).exists()


@pytest.mark.parametrize("raw, kept, dropped", [
    ("<embed src=x.swf> words after", "words after", "embed"),
    ("<svg/> words after", "words after", "svg"),
    ("<svg><script>x()</script></svg> after", "after", "x()"),
    ("<!--> visible", "visible", "<!--"),
    ("<script>alert(1) everything after an unclosed script is script", "", "alert"),
])
def test_dropped_elements_keep_the_text_around_them(raw, kept, dropped):
    cleaned = sanitize_html(raw)
    assert kept in cleaned and dropped not in cleaned


def test_many_unclosed_foreign_elements_cost_one_search_each():
    flat = content._flatten("<svg>a" * 20000)[0]
    assert flat == "a" * 20000
