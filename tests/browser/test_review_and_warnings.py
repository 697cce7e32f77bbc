"""Moderation by keyboard and the member's side of a warning, in a real browser: working the review queue with
j / k and a / d, and a warned member reading the notice and pressing "I understand"."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from forum import services
from forum.models import Post, Topic
from moderation import conduct
from moderation.models import TOOL_NAMES, Moderator, Report, Warning
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords_and_fresh_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def queue_scene(board, make_member, member):
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board)
    topic = services.create_topic(board, member, "Keyboard topic", "<p>Opening words</p>")
    reported = services.reply(topic, member, "<p>A reported reply</p>")
    Report.objects.create(post=reported, reporter=moderator, reason="spam")
    topic.refresh_from_db()
    queued = []
    for n in (1, 2):
        post = Post.objects.create(topic=topic, position=topic.last_position + n, author_name="Visitor",
                                   content=f"<p>Guest question {n}</p>", state=Post.State.PENDING,
                                   state_reason="Posts by guests are approved by a moderator.")
        queued.append(post)
    Topic.objects.filter(pk=topic.pk).update(last_position=topic.last_position + 2)
    return moderator, reported, queued


def focused_item(page):
    return page.locator(".review-item:focus")


def test_moderator_works_the_review_queue_by_keyboard(site, queue_scene, axe_check):
    moderator, reported, (first, second) = queue_scene
    sign_in(site, moderator)
    site.goto(f"{site.base_url}/mod/queue/")
    assert axe_check(site) == []
    items = site.locator(".review-item")
    expect(items).to_have_count(3)

    site.keyboard.press("j")  # to the oldest
    expect(focused_item(site)).to_have_count(1)
    outline = focused_item(site).evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline not in ("none", "")
    first_id = focused_item(site).get_attribute("id")
    site.keyboard.press("j")
    expect(focused_item(site)).not_to_have_attribute("id", first_id)
    site.keyboard.press("k")
    expect(focused_item(site)).to_have_attribute("id", first_id)

    # The first item is the reported reply (its post is the oldest wait); d dismisses its reports.
    expect(focused_item(site)).to_contain_text("A reported reply")
    site.keyboard.press("d")
    expect(items).to_have_count(2)
    expect(site.locator(".messages, [role=status], .message").first).to_contain_text("done for 1 post")
    assert Report.objects.get(post=reported).handled_at is not None

    # After the reload the focus is back where the handled post was: a approves the next one.
    expect(focused_item(site)).to_contain_text("Guest question 1")
    site.keyboard.press("a")
    expect(items).to_have_count(1)
    assert Post.objects.get(pk=first.pk).state == Post.State.VISIBLE

    # Typing a reason does not trigger shortcuts; the button still works by keyboard (Tab, Enter).
    reason = site.locator(f"#message-{second.pk}")
    reason.fill("not a question for here")
    reason.press("Tab")  # to Approve
    site.keyboard.press("Tab")  # to Reject
    expect(site.get_by_role("button", name="Reject")).to_be_focused()
    site.keyboard.press("Enter")
    expect(site.get_by_text("Nothing is waiting for you")).to_be_visible()
    assert Post.objects.get(pk=second.pk).state == Post.State.DELETED


def test_bulk_select_all_with_the_script(site, queue_scene):
    moderator, reported, queued = queue_scene
    sign_in(site, moderator)
    site.goto(f"{site.base_url}/mod/queue/")
    site.get_by_label("Select all").check()
    site.get_by_label("With the selected posts").select_option("approve")
    site.get_by_role("button", name="Apply to the selected posts").click()
    page_text = site.locator("body")
    expect(page_text).to_contain_text("done for 2 posts")
    expect(page_text).to_contain_text("This post is not waiting for approval.")
    assert all(p.state == Post.State.VISIBLE for p in Post.objects.filter(pk__in=[q.pk for q in queued]))


def test_warned_member_reads_the_notice_and_acknowledges_it(site, board, make_member, member, axe_check):
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board)
    topic = services.create_topic(board, moderator, "Board rules", "<p>Be kind</p>")
    conduct.warn_member(member, moderator, "Please keep it civil.", points=2, expires_days=30)
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    expect(site.get_by_role("heading", name="A moderator has warned you")).to_be_visible()
    expect(site.locator("main")).to_contain_text("Please keep it civil.")
    expect(site.locator("main")).to_contain_text("2 warning points")
    expect(site.get_by_text("Be kind")).to_have_count(0)
    assert axe_check(site) == []
    site.get_by_role("button", name="I understand").click()
    expect(site).to_have_url(re.compile(re.escape(topic.get_absolute_url()) + "$"))
    expect(site.get_by_text("Be kind")).to_be_visible()
    assert Warning.objects.get(member=member).acknowledged_at is not None
    # The history stays, on the member's own page.
    site.goto(f"{site.base_url}/warnings/")
    expect(site.locator("main")).to_contain_text("Please keep it civil.")
