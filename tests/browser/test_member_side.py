"""The member's side in a real browser: reacting by keyboard, the editor's embed, link dialog and plain textarea,
saving a rating by choosing a star, and axe on the pages this work touched."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from forum.models import Post
from ratings.models import Rating
from reactions.models import Reaction
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ED = ".fe-content .tiptap"


@pytest.fixture(autouse=True)
def fast_passwords_and_fresh_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def content(page):
    return page.input_value("textarea[data-forum-editor]")


def open_reply_box(page):
    page.get_by_role("button", name="Reply to this topic...").click()
    expect(page.locator(ED)).to_be_focused()


def test_member_reacts_by_keyboard_in_place(site, make_topic, make_member, reaction_types, axe_check):
    topic = make_topic(posts=2, title="Reactions")
    second = topic.posts.get(position=2)
    reader = make_member("reader")
    sign_in(site, reader)
    site.goto(site.base_url + topic.get_absolute_url())
    site.evaluate("window.samePage = true")
    box = site.locator(f"#reactions-{second.pk}")
    react = box.locator("summary", has_text="React")
    react.focus()
    site.keyboard.press("Enter")
    expect(box.locator("details")).to_have_attribute("open", "")
    assert axe_check(site) == []  # the open picker too
    site.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Like")).to_be_focused()
    site.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Thanks")).to_be_focused()
    site.keyboard.press("Enter")

    box = site.locator(f"#reactions-{second.pk}")
    expect(box.locator("[data-react-status]")).to_have_text("You reacted with “Thanks”.")
    expect(box.get_by_role("link", name="Thanks: 1")).to_be_visible()
    expect(box.locator("summary")).to_be_focused()  # the focus stays where the person was
    expect(box.locator("summary")).to_contain_text("Thanks")
    assert site.evaluate("window.samePage"), "reacting reloaded the page"
    assert list(Reaction.objects.values_list("user", "post", "kind__name")) == [(reader.pk, second.pk, "Thanks")]

    # Changing it replaces it; Escape closes the picker and gives the focus back.
    site.keyboard.press("Enter")
    site.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Like")).to_be_focused()
    site.keyboard.press("Escape")
    expect(box.locator("details")).not_to_have_attribute("open", "")
    expect(box.locator("summary")).to_be_focused()
    site.keyboard.press("Enter")
    site.keyboard.press("Tab")
    site.keyboard.press("Enter")
    expect(site.locator(f"#reactions-{second.pk}").get_by_role("link", name="Like: 1")).to_be_visible()
    assert Reaction.objects.get().kind.name == "Like"

    site.locator(f"#reactions-{second.pk}").get_by_role("link", name="Like: 1").click()
    expect(site.get_by_role("heading", level=1)).to_contain_text("Who reacted")
    expect(site.locator(".who-reacted")).to_contain_text("reader")
    assert axe_check(site) == []


def test_typing_after_an_embed_goes_below_it(site, make_topic, member):
    topic = make_topic(posts=1, title="Embeds")
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    open_reply_box(site)
    site.keyboard.type("Watch this:")
    site.keyboard.press("Enter")
    for url in ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871"):
        site.eval_on_selector(ED, """(el, url) => {
          const dt = new DataTransfer(); dt.setData('text/plain', url)
          el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}))
        }""", url)
        site.keyboard.type("typed after")
    html = content(site)
    assert html.count('data-embed-url="') == 2, html
    first, second = html.index("dQw4w9WgXcQ"), html.index("76979871")
    assert first < html.index("<p>typed after") < second < html.rindex("<p>typed after"), html


def test_the_link_dialog_works_by_keyboard(site, make_topic, member, axe_check):
    topic = make_topic(posts=1, title="Links")
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    open_reply_box(site)
    site.keyboard.type("see ")
    site.keyboard.press("Control+k")
    dialog = site.get_by_role("dialog", name="Link URL")
    expect(dialog).to_be_visible()
    field = dialog.get_by_role("textbox", name="Link URL")
    expect(field).to_be_focused()
    assert axe_check(site) == []
    site.keyboard.type("javascript:alert(1)")
    site.keyboard.press("Enter")
    expect(dialog.locator(".fe-dialog-error")).to_contain_text("https://")
    expect(field).to_be_focused()
    field.fill("https://example.org/report")
    site.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(site.locator(ED)).to_be_focused()
    site.keyboard.type(" and more")
    assert 'href="https://example.org/report"' in content(site) and "and more" in content(site)
    # Escape cancels and gives the focus back to the editor, nothing inserted.
    toolbar = site.get_by_role("toolbar", name="Formatting")
    toolbar.get_by_role("button", name="Image from URL").click()
    image_dialog = site.get_by_role("dialog", name="Image URL")
    expect(image_dialog.get_by_role("textbox", name="Image URL")).to_be_focused()
    site.keyboard.press("Escape")
    expect(image_dialog).to_have_count(0)
    expect(site.locator(ED)).to_be_focused()
    assert "<img" not in content(site)


def test_toolbar_buttons_are_icons_named_for_assistive_technology(site, make_topic, member):
    topic = make_topic(posts=1)
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    open_reply_box(site)
    bold = site.get_by_role("toolbar", name="Formatting").get_by_role("button", name="Bold")
    expect(bold).to_have_text("")
    expect(bold.locator("svg[aria-hidden=true]")).to_have_count(1)
    assert bold.get_attribute("title").startswith("Bold")


def test_without_javascript_the_textarea_keeps_text_literally(browser, live_server, make_topic, member):
    topic = make_topic(posts=1, title="Plain")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, member)
    page.goto(live_server.url + topic.get_absolute_url())
    page.locator("textarea[name=content]").fill("x<y and y>z\n<b>not bold</b>")
    page.get_by_role("button", name="Submit Reply").click()
    page.wait_for_load_state()
    body = page.locator(".post .post-body").last
    expect(body).to_contain_text("x<y and y>z")
    expect(body).to_contain_text("<b>not bold</b>")
    expect(body.locator("b")).to_have_count(0)
    assert Post.objects.get(topic=topic, position=2).content == "<p>x&lt;y and y&gt;z<br>&lt;b&gt;not bold&lt;/b&gt;</p>"
    context.close()


def test_choosing_a_star_saves_the_rating(site, make_topic, make_member):
    topic = make_topic(posts=1, title="Stars")
    rater = make_member("rater")
    sign_in(site, rater)
    site.goto(site.base_url + topic.get_absolute_url())
    expect(site.get_by_role("button", name="Save rating")).to_be_hidden()  # no button needed with the script
    site.locator("label[for=rate-4]").click()
    expect(site.locator("[data-rating-status]")).to_have_text("You rated this topic 4 stars.")
    assert list(Rating.objects.values_list("value", flat=True)) == [4]
    # By keyboard: the arrows move along the stars, and the choice is saved once they rest.
    site.get_by_role("radio", name="4 stars").focus()
    site.keyboard.press("ArrowLeft")
    site.keyboard.press("ArrowLeft")
    expect(site.locator("[data-rating-status]")).to_have_text("You rated this topic 2 stars.")
    expect(site.locator("[data-rating-summary]")).to_have_text("2.0 out of 5, 1 rating")
    assert list(Rating.objects.values_list("value", flat=True)) == [2]


def test_sign_up_shows_the_terms_and_passes_axe(site, db, axe_check):
    from importlib import import_module

    from django.apps import apps

    import_module("accounts.migrations.0002_seed_groups_and_terms").seed(apps, None)  # after an earlier flush
    site.goto(site.base_url + "/accounts/signup/")
    terms = site.get_by_role("region", name="Registration Terms & Conditions")
    expect(terms).to_contain_text("Be civil")
    terms.focus()  # the box scrolls with the keyboard
    assert axe_check(site) == []


def test_guest_header_and_short_link_do_not_shift(site, make_topic, axe_check):
    topic = make_topic(posts=1)
    site.goto(site.base_url + topic.get_absolute_url())
    site.get_by_text("Create New...").click()
    expect(site.get_by_role("link", name="Topic", exact=True)).to_have_attribute(
        "href", "/accounts/login/?next=/submit/")
    site.get_by_text("Create New...").click()
    share = site.locator(".topic-tools .share-menu summary")
    before = share.bounding_box()
    site.locator(".topic-tools").get_by_role("button", name="Create short link").click()
    expect(site.locator(".topic-tools [data-short-link]")).to_be_visible()
    expect(site.locator(".topic-tools input[data-short-link]")).to_be_visible()
    assert share.bounding_box() == before
    assert axe_check(site) == []
