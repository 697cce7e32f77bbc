"""A guest replies from the topic page, registers, confirms their address, and finds the reply published."""

import re

import pytest
from django.core import mail

from forum.models import Post


@pytest.fixture
def guest_topic(make_topic, board, settings):
    settings.AGORA_GUEST_MIN_FILL_SECONDS = 1
    settings.AGORA_GUEST_POW_MAX_NUMBER = 20000
    board.allow_guest_posts = True
    board.save()
    return make_topic(title="Guests welcome")


# The live server needs a transactional database; serialized_rollback puts back the groups and terms that the
# migrations made, which the flush after the test would otherwise remove for the tests that run next.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_guest_posts_now_registers_later_and_sees_the_published_reply(site, guest_topic, axe_check):
    page = site
    page.goto(site.base_url + guest_topic.get_absolute_url())
    box = page.locator("#reply")
    assert "You can post now and register later. If you have an account, sign in now to post with your account." \
        in " ".join(box.inner_text().split())
    assert axe_check(page) == []

    # The guest writes in the same rich-text editor as members (their draft is kept in the browser only).
    page.get_by_role("button", name="Reply to this topic...").click()
    page.locator("#reply .fe-content .tiptap").click()
    page.keyboard.type("Hello from a guest who will register.")
    page.get_by_label("Your email address").fill("visitor@example.net")
    page.wait_for_timeout(1100)  # the minimum fill time
    page.get_by_role("button", name="Submit Reply").click()
    # The browser solved the proof-of-work and the form went through.
    page.wait_for_url("**/guest-posts/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your reply is saved")
    assert "Hello from a guest who will register." in page.content()
    assert axe_check(page) == []
    assert Post.objects.get(content__contains="Hello from a guest").state == Post.State.AWAITING_REGISTRATION

    page.get_by_role("link", name="Register").click()
    assert page.locator("input[name=email]").input_value() == "visitor@example.net"
    page.locator("input[name=username]").fill("visitor")
    page.locator("input[name=password1]").fill("a sturdy passphrase 42")
    page.locator("input[name=password2]").fill("a sturdy passphrase 42")
    page.locator("input[name=accept_terms]").check()
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.wait_for_load_state()
    assert "is kept for you and will be published when you can post" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your email address to publish your reply"
    assert axe_check(page) == []

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(site.base_url + link[link.index("/accounts/"):])
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_load_state()
    assert "is published" in page.content()

    page.goto(site.base_url + guest_topic.get_absolute_url())
    reply = page.locator("article.post", has_text="Hello from a guest who will register.")
    assert reply.locator(".author-name").inner_text() == "visitor"
