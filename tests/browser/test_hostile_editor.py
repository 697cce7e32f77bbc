"""Issue 10: the editor applies the server's URL rule (http(s) or this board's own addresses) to embeds and links,
whether they are pasted or restored from a draft kept in this browser or on the server."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor import ED, content, paste, topic_page  # noqa: F401 - topic_page is a fixture

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE = ('<div class="embed" data-embed-url="javascript:alert(document.domain)">'
           '<a href="javascript:alert(document.domain)">javascript:alert(document.domain)</a></div>'
           '<p><a href="javascript:alert(1)">click me</a> and <a href="https://example.org/">fine</a></p>')


def assert_inert(page):
    expect(page.locator(ED)).to_contain_text("click me")
    assert page.locator(f"{ED} [href^='javascript' i], {ED} [data-embed-url^='javascript' i]").count() == 0
    assert not re.search(r"(href|src|data-embed-url)\s*=\s*[\"']?\s*javascript:", content(page), re.I)  # text only
    assert 'href="https://example.org/"' in content(page)


def test_a_javascript_embed_or_link_pasted_into_the_editor_is_dropped(topic_page):  # noqa: F811
    page = topic_page()
    paste(page, html=HOSTILE, text="javascript:alert(document.domain) click me fine")
    assert_inert(page)


def test_a_javascript_embed_in_a_draft_of_this_browser_is_dropped(topic_page):  # noqa: F811
    page = topic_page(expand=False)
    key = f"agora-draft:topic-{topic_page.topic.pk}"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [key, json.dumps({"html": HOSTILE, "t": 4102444800000})])
    page.reload()
    expect(page.locator(".fe-notice")).to_contain_text("Your previous content has been restored.")
    assert_inert(page)


def test_a_javascript_embed_in_a_server_draft_is_dropped(topic_page, member):  # noqa: F811
    from editor.models import Draft

    # Written straight to the table, as a draft saved before drafts were sanitized on the server would be.
    Draft.objects.create(user=member, topic=topic_page.topic, content=HOSTILE)
    page = topic_page(expand=False)
    expect(page.locator(".fe-notice")).to_contain_text("Your previous content has been restored.")
    assert_inert(page)
