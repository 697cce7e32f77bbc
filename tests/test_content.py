"""The sanitizer (forum/content.py) against hostile input. Issue 3 extends the table and adds a property test."""

import pytest

from forum.content import is_blank, plain_text, sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "<scr<script>ipt>alert(1)</script>",
    '<div onmouseover="alert(1)">hover</div>',
    '<form action="https://evil.example"><input name=a></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<!--<script>alert(1)</script>-->",
    '<p class="admin-only" id="content">x</p>',
]
EXECUTABLE = ["<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "data:", "<iframe",
              "<svg", "<math", "<style", "style=", "<form", "<input", "<object", "<embed", 'id="content"',
              'class="admin-only"']


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_never_survives(payload):
    cleaned = sanitize_html(payload).lower()
    for construct in EXECUTABLE:
        assert construct not in cleaned, (payload, cleaned)


def test_editor_formatting_is_kept():
    html = ("<h3>Title</h3><p><strong>b</strong> <em>i</em> <s>s</s> <code>c</code></p>"
            '<ol start="3"><li><p>one</p></li></ol><ul><li>two</li></ul><blockquote><p>q</p></blockquote>'
            "<pre><code>x = 1</code></pre>")
    assert sanitize_html(html) == html


def test_links_get_nofollow_ugc_noopener_and_bare_urls_become_links():
    assert sanitize_html('<p><a href="https://example.org" rel="dofollow">x</a></p>') == \
        '<p><a href="https://example.org" rel="nofollow ugc noopener">x</a></p>'
    assert sanitize_html("see https://crsreports.congress.gov/ now") == \
        '<p>see <a href="https://crsreports.congress.gov/" rel="nofollow ugc noopener">' \
        "https://crsreports.congress.gov/</a> now</p>"


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert sanitize_html("a < b & c\nnext line\n\nnew paragraph") == \
        "<p>a &lt; b &amp; c<br>next line</p><p>new paragraph</p>"


def test_plain_text_and_blank_detection():
    assert plain_text("<p>Hello&nbsp;<strong>world</strong></p><p>again</p>") == "Hello world again"
    assert plain_text("<p>" + "word " * 100 + "</p>", limit=20).endswith("…")
    assert is_blank(sanitize_html("<p> </p><p><br></p>"))
    assert not is_blank(sanitize_html('<img src="https://example.org/a.png">'))
    assert not is_blank(sanitize_html('<div class="embed" data-embed-url="/topic/1/"></div>'))  # a card, alone
