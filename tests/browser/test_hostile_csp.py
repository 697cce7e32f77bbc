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


def test_an_image_from_another_host_is_never_fetched_in_the_editor_or_the_post(site, violations, make_topic, member):
    """img-src is the board and its media storage only: an image inserted by its address shows in the editor as a
    placeholder naming its host (no request, no violation), and in the post as a link, as readers always saw it."""
    topic = make_topic(posts=1, title="Pictures")
    fetched = []
    site.on("request", lambda request: fetched.append(request.url) if "images.example" in request.url else None)
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    policy = site.request.get(site.base_url + topic.get_absolute_url()).headers["content-security-policy"]
    img_src = re.search(r"img-src ([^;]*)", policy)[1].split()
    assert img_src == ["'self'", "data:", "blob:"]
    site.get_by_role("button", name="Reply to this topic...").click()
    site.keyboard.type("Look: ")
    site.get_by_role("button", name="Image from URL").click()
    dialog = site.get_by_role("dialog")
    dialog.get_by_label("Image URL").fill("https://images.example/cat.png")
    dialog.get_by_label("Image description (for people who cannot see it)").fill("a cat")
    dialog.get_by_role("button", name="Insert").click()
    expect(site.locator(ED).locator(".external-image")).to_have_text("🖼 Image from images.example: a cat")
    assert site.locator(ED).locator("img").count() == 0
    site.get_by_role("button", name="Submit Reply").click()
    site.wait_for_load_state()
    link = site.locator(".post .post-body").last.locator("a.external-image")
    expect(link).to_have_attribute("href", "https://images.example/cat.png")
    assert fetched == [] and violations() == []
