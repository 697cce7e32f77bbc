"""Topic tools in a real browser: rate with the keyboard, create and follow a short link, open "Link to comment"."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from forum.models import Post
from ratings.models import Rating
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_passwords_and_fresh_limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()




def test_member_rates_a_topic_with_the_keyboard(site, make_topic, make_member, axe_check):
    topic = make_topic(posts=3)
    rater = make_member("rater")
    sign_in(site, rater)
    site.goto(site.base_url + topic.get_absolute_url())
    assert axe_check(site) == []
    expect(site.get_by_role("button", name="Remove my rating")).to_be_hidden()  # nothing to remove yet

    site.get_by_role("radio", name="1 star").focus()
    for _ in range(3):
        site.keyboard.press("ArrowRight")
    expect(site.get_by_role("radio", name="4 stars")).to_be_checked()  # saved once the arrows rest

    expect(site.locator("[data-rating-status]")).to_have_text("You rated this topic 4 stars.")
    expect(site.locator("[data-rating-summary]")).to_have_text("4.0 out of 5, 1 rating")
    expect(site.get_by_role("button", name="Remove my rating")).to_be_visible()
    assert list(Rating.objects.values_list("user", "value")) == [(rater.pk, 4)]
    topic.refresh_from_db()
    assert (topic.rating_total, topic.rating_count) == (4, 1)

    site.reload()  # and it was saved for good
    expect(site.get_by_role("radio", name="4 stars")).to_be_checked()


def test_guest_creates_a_short_link_and_follows_it(site, make_topic, axe_check):
    topic = make_topic(posts=2, title="Short and sweet")
    site.goto(site.base_url + topic.get_absolute_url())
    expect(site.get_by_role("link", name="Sign in to rate this topic.")).to_be_visible()
    assert axe_check(site) == []
    header = site.locator(".topic-tools")
    header.get_by_role("button", name="Create short link").click()
    field = header.locator("[data-short-link-result] input")
    expect(field).to_have_value(re.compile(r"/s/[0-9A-Za-z]{7}$"))
    expect(header.locator("[data-short-link-result]").get_by_role("button", name="Copy")).to_be_visible()
    short_url = field.input_value()
    assert short_url.startswith(site.base_url)

    site.goto(site.base_url + "/")
    site.goto(short_url)
    assert site.url == site.base_url + topic.get_absolute_url()
    expect(site.get_by_role("heading", level=1)).to_contain_text("Short and sweet")


def test_link_to_comment_opens_the_post_on_page_3(site, make_topic):
    topic = make_topic(posts=70)
    post = Post.objects.get(topic=topic, position=58)
    Post.objects.filter(pk=post.pk).update(content="<p>The one we are looking for.</p>")
    permalink = f"{site.base_url}/topic/{topic.pk}-{topic.slug}/comment/{post.pk}/"
    site.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base_url)
    site.goto(site.base_url + topic.get_page_url(3))
    tools = site.locator(f"#comment-{post.pk} .post-tools")
    expect(tools.get_by_role("link", name="Link to comment")).to_have_attribute("href", permalink[len(site.base_url):])
    tools.get_by_role("button", name="Copy link to this comment").click()  # one click
    expect(tools.get_by_role("button", name="Copied")).to_be_visible()
    assert site.evaluate("navigator.clipboard.readText()") == permalink

    site.goto(site.base_url + "/")
    site.goto(permalink)
    assert site.url == f"{site.base_url}{topic.get_page_url(3)}#comment-{post.pk}"
    target = site.locator(f"#comment-{post.pk}")
    expect(target).to_contain_text("The one we are looking for.")
    expect(target).to_be_in_viewport()
    expect(site.locator(".pager [aria-current=page]").first).to_have_text("3")


def test_a_posts_share_opens_the_pages_one_share_menu_for_that_post(site, make_topic):
    from urllib.parse import quote

    topic = make_topic(posts=3, title="Shared posts")
    site.goto(site.base_url + topic.get_absolute_url())
    post = topic.posts.get(position=3)
    article = site.locator(f"#comment-{post.pk}")
    article.get_by_role("link", name="Share this post").click()
    menu = article.locator("[data-post-share-menu]")
    expect(menu.locator(".share-panel")).to_be_visible()
    url = site.base_url + f"/topic/{topic.pk}-{topic.slug}/comment/{post.pk}/"
    expect(menu.locator(".copy-row input")).to_have_value(url)
    expect(menu.locator("a.share-facebook")).to_have_attribute(
        "href", "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe=""))
    expect(menu.locator("input[name=post]")).to_have_value(str(post.pk))
    site.keyboard.press("Escape")
    expect(menu.locator(".share-panel")).to_be_hidden()
