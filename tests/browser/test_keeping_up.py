"""Keeping up in a real browser: A follows a topic, B replies mentioning A, A's bell counts it and leads to B's post."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Post
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ED = ".fe-content .tiptap"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_follow_mention_bell_and_landing_on_the_post(site, live_server, make_topic, make_member, axe_check):
    topic = make_topic(posts=30, title="Planning the meetup")
    alice, bob = make_member("alice"), make_member("bob")

    # A follows the topic.
    sign_in(site, alice)
    site.goto(site.base_url + topic.get_absolute_url())
    site.get_by_role("button", name="Follow this topic").click()
    expect(site.get_by_role("button", name=re.compile("^Following"))).to_be_visible()
    expect(site.locator(".topic-tools .follow-count")).to_have_text("2 followers")  # A and the topic's author
    bell = site.locator(".notification-bell [data-bell-count]")
    expect(bell).to_be_hidden()
    assert axe_check(site) == []

    # B, in a browser of their own, replies on the last page and mentions A.
    other = site.context.browser.new_context()
    other.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                else route.abort())
    b_page = other.new_page()
    b_page.base_url = live_server.url
    sign_in(b_page, bob)
    b_page.goto(live_server.url + topic.get_page_url(2))
    b_page.get_by_role("button", name="Reply to this topic...").click()
    expect(b_page.locator(ED)).to_be_focused()
    b_page.keyboard.type("See you there @ali")
    b_page.get_by_role("option", name="alice").click()
    b_page.get_by_role("button", name="Submit Reply").click()
    b_page.wait_for_load_state()
    expect(b_page.locator(".post .post-body").last.locator("a.mention")).to_have_text("@alice")
    reply = Post.objects.filter(topic=topic, author=bob).get()
    other.close()

    # A comes back to the tab: the bell counts the new notification (a small fetch, no reload).
    site.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(bell).to_have_text("1")
    expect(bell).to_be_visible()

    # A opens the bell's list and the notification, and lands on B's post, on the page that holds it.
    site.locator(".notification-bell").click()
    expect(site.get_by_role("heading", name="Notifications")).to_be_visible()
    assert axe_check(site) == []
    site.get_by_role("button", name="bob mentioned you in “Planning the meetup”").click()
    site.wait_for_url(re.compile(re.escape(f"{topic.get_page_url(2)}#comment-{reply.pk}") + "$"))
    expect(site.locator(f"#comment-{reply.pk}")).to_be_visible()
    expect(site.locator(f"#comment-{reply.pk}")).to_contain_text("See you there")
    expect(bell).to_be_hidden()  # opened: read
