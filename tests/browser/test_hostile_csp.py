"""Issue 10: with every feature on (editor open, emoji picker, an embed played, the share menu, the WeChat QR code,
the rating stars, a member's profile, the sign-in page) Chromium reports no Content-Security-Policy violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_editor import ED, paste

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded in each document as it loads (Playwright's init scripts are not subject to the page's policy).
RECORD = """document.addEventListener('securitypolicyviolation', (e) => {
  (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'))
})"""


@pytest.fixture
def violations(site):
    found = []
    site.add_init_script(RECORD)
    site.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text else None)

    def collect():
        found.extend(site.evaluate("window.__violations || []"))
        return found

    return collect


def test_every_feature_on_logs_no_csp_violation(site, violations, make_topic, member):
    topic = make_topic(posts=3, title="Everything on")
    sign_in(site, member)
    assert site.context.cookies()  # signed in
    site.goto(site.base_url + "/")
    assert violations() == []

    site.goto(site.base_url + topic.get_absolute_url())
    response_headers = site.request.get(site.base_url + topic.get_absolute_url()).headers
    assert "content-security-policy" in response_headers
    site.get_by_role("button", name="Reply to this topic...").click()
    expect(site.locator(ED)).to_be_focused()
    site.keyboard.type("Hello ")
    site.get_by_role("button", name="Bold").click()
    site.keyboard.type("bold")
    site.get_by_role("button", name="Emoji").click()
    picker = site.get_by_role("dialog", name="Emoji")
    picker.get_by_role("searchbox", name="Search emoji").fill("rocket")
    picker.get_by_role("button", name="rocket").click()
    paste(site, text="https://youtu.be/dQw4w9WgXcQ")
    expect(site.locator(".fe-notice")).to_contain_text("Your link has been automatically embedded.")
    site.get_by_role("button", name="Submit Reply").click()
    site.wait_for_load_state()
    play = site.locator(".post .post-body").last.get_by_role("button", name=re.compile("Play video"))
    play.click()
    expect(site.locator(".post .post-body").last.locator("iframe")).to_have_count(1)
    with site.expect_response(lambda r: "/rate/" in r.url):  # with JavaScript, choosing a star saves it
        site.get_by_role("radio", name="4 stars").check()
    site.wait_for_load_state()
    tools = site.locator(".topic-tools")
    tools.get_by_role("button", name="Create short link").click()
    expect(tools.locator("[data-short-link-result] input")).to_have_value(re.compile(r"/s/[0-9A-Za-z]{7}$"))
    assert violations() == []

    menu = site.locator("details.share-menu").first
    menu.locator("summary").click()
    expect(menu.locator(".share-panel")).to_be_visible()
    assert violations() == []
    menu.locator("a.share-wechat").click()
    site.wait_for_load_state()
    expect(site.get_by_role("heading", level=1)).to_contain_text("Share on WeChat")
    assert violations() == []

    for url in [member.get_absolute_url(), "/profile/edit/", topic.forum.get_absolute_url()]:
        site.goto(site.base_url + url)
        assert violations() == [], url
    site.context.clear_cookies()
    site.goto(site.base_url + "/accounts/login/")
    assert violations() == []
