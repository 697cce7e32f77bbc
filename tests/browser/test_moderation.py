"""A moderator, in a real browser: hides a post with a reason, approves a queued guest post, splits two posts off."""

import re

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Post, Topic
from moderation.models import TOOL_NAMES, Moderator


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def totp_code():
    import time

    from allauth.mfa.totp.internal import auth as totp

    return totp.format_hotp_value(totp.hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def moderated_topic(board, make_member, member):
    from allauth.mfa.totp.internal.auth import TOTP

    moderator = make_member("moddy", mfa=False)
    TOTP.activate(moderator, TOTP_SECRET)  # moderators sign in with a second factor
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board)
    topic = services.create_topic(board, member, "A lively topic", "<p>Opening words</p>")
    for n in range(2, 6):
        services.reply(topic, member, f"<p>Reply number {n}</p>")
    topic.refresh_from_db()
    guest_post = Post.objects.create(topic=topic, position=topic.last_position + 1, author_name="Visitor",
                                     content="<p>A guest asks a question</p>", state=Post.State.PENDING,
                                     state_reason="Posts by guests are approved by a moderator.")
    Topic.objects.filter(pk=topic.pk).update(last_position=guest_post.position)
    return topic, guest_post


def sign_in(page, username):
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label(re.compile("Username|Login", re.I)).first.fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("banner").get_by_text(username)).to_be_visible()


def post_article(page, text):
    return page.locator("article.post", has_text=text)


def test_moderator_hides_approves_and_splits(site, moderated_topic, axe_check):
    topic, guest_post = moderated_topic
    sign_in(site, "moddy")
    site.goto(f"{site.base_url}{topic.get_absolute_url()}")

    # Hide reply 3 with a reason: moderators still see it, marked, with the reason.
    reply3 = post_article(site, "Reply number 3")
    reply3.get_by_text("Hide", exact=True).click()
    reply3.get_by_label("Reason (shown to moderators)").fill("Personal attack")
    reply3.get_by_role("button", name="Hide post").click()
    reply3 = post_article(site, "Reply number 3")
    expect(reply3).to_have_class(re.compile("post-hidden"))
    expect(reply3.locator(".state-note")).to_contain_text("Personal attack")

    # The guest's post waits, highlighted, with why; approving it publishes it.
    queued = post_article(site, "A guest asks a question")
    expect(queued).to_have_class(re.compile("post-pending"))
    expect(queued).to_contain_text("Posts by guests are approved by a moderator.")
    queued.get_by_role("button", name="Approve").click()
    expect(post_article(site, "A guest asks a question")).not_to_have_class(re.compile("post-pending"))
    assert Post.objects.get(pk=guest_post.pk).state == Post.State.VISIBLE

    # Split replies 2 and 4 into a new topic.
    post_article(site, "Reply number 2").get_by_label("Select for split").check()
    post_article(site, "Reply number 4").get_by_label("Select for split").check()
    site.get_by_label("Title of the new topic").fill("A side discussion")
    site.get_by_role("button", name="Split", exact=True).click()
    expect(site.get_by_role("heading", level=1)).to_contain_text("A side discussion")
    expect(site.locator("article.post")).to_have_count(2)
    expect(site.locator("article.post").first).to_contain_text("Reply number 2")
    assert axe_check(site) == []

    site.goto(f"{site.base_url}{topic.get_absolute_url()}")
    expect(site.locator("article.post", has_text="Reply number 2")).to_have_count(0)
    topic.refresh_from_db()
    assert (topic.post_count, topic.last_position) == (3, 4)  # 1, 3 (hidden), 5, guest: three visible
