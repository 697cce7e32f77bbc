"""The reply box in a real browser: the rich-text editor, its five messages, drafts, quotes, mentions, embeds and
uploads, and what the posted page shows."""

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ED = ".fe-content .tiptap"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")




def paste(page, html=None, text="", image=False):
    page.eval_on_selector(ED, """(el, [html, text, image]) => {
      const dt = new DataTransfer()
      if (html) dt.setData('text/html', html)
      dt.setData('text/plain', text)
      if (image) dt.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'x.png', {type: 'image/png'}))
      el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}))
    }""", [html, text, image])


def wait_for_local_draft(page, topic):
    """Polls with page.evaluate (which the page's Content-Security-Policy does not govern; wait_for_function compiles
    its predicate in the page, which a policy without 'unsafe-eval' refuses)."""
    for _ in range(100):
        if page.evaluate("(key) => localStorage.getItem(key) !== null", f"agora-draft:topic-{topic.pk}"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no draft was kept in this browser")


def content(page):
    return page.input_value("textarea[data-forum-editor]")


@pytest.fixture
def topic_page(site, make_topic, member):
    """A signed-in member on a topic, the reply box expanded."""
    topic = make_topic(posts=2, title="Editor topic")
    sign_in(site, member)

    def open_topic(expand=True, url=None):
        site.goto(site.base_url + (url or topic.get_absolute_url()))
        if expand:
            site.get_by_role("button", name="Reply to this topic...").click()
            expect(site.locator(ED)).to_be_focused()
        return site

    open_topic.topic = topic
    return open_topic


def submit(page):
    page.get_by_role("button", name="Submit Reply").click()
    page.wait_for_load_state()


def last_post(page):
    return page.locator(".post .post-body").last


def test_keyboard_formatting_and_post(topic_page):
    page = topic_page(expand=False)
    collapsed = page.get_by_role("button", name="Reply to this topic...")
    expect(collapsed).to_be_visible()
    expect(page.locator(".fe")).to_be_hidden()
    collapsed.focus()  # keyboard focus expands it, as on the saved page
    expect(page.locator(ED)).to_be_focused()
    page.keyboard.type("Hello ")
    page.keyboard.press("Control+b")
    page.keyboard.type("world")
    page.keyboard.press("Control+b")
    expect(page.get_by_role("button", name="Bold")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    page.keyboard.type("- item one")
    page.keyboard.press("Enter")
    page.keyboard.type("item two")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Italic").click()
    page.keyboard.type("slanted")
    assert "<strong>world</strong>" in content(page)
    submit(page)
    body = last_post(page)
    expect(body.locator("strong")).to_have_text("world")
    expect(body.locator("li")).to_have_count(2)
    expect(body.locator("em")).to_have_text("slanted")


def test_toolbar_is_one_tab_stop_with_arrow_keys(topic_page):
    page = topic_page()
    toolbar = page.get_by_role("toolbar", name="Formatting")
    toolbar.get_by_role("button", name="Bold").focus()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italic")).to_be_focused()
    expect(toolbar.locator("button[tabindex='0']")).to_have_count(1)


def test_rich_paste_then_plain_text(topic_page):
    page = topic_page()
    paste(page, html="<p><b style='color:red'>Bold</b> <i>text</i></p><script>x()</script>", text="Bold text")
    notice = page.get_by_role("status").filter(has_text="Pasted as rich text.")
    expect(notice).to_contain_text("Paste as plain text instead")
    assert "<strong>Bold</strong>" in content(page)
    notice.get_by_role("button", name="Paste as plain text instead").click()
    assert content(page) == "<p>Bold text</p>"
    expect(page.locator(".fe-notice")).to_have_count(0)


def test_plain_paste_shows_no_notice(topic_page):
    page = topic_page()
    paste(page, html="<p>just words</p>", text="just words")
    assert "just words" in content(page)
    expect(page.locator(".fe-notice")).to_have_count(0)


def test_emoji_limit_in_editor_and_picker(topic_page):
    page = topic_page()
    page.keyboard.insert_text("😀" * 74 + "👍🏽")  # a skin-tone emoji is one grapheme, as on the server
    page.keyboard.insert_text("🎉")
    expect(page.locator(".fe-notice")).to_contain_text("Only 75 emoji are allowed.")
    assert content(page).count("😀") == 74 and "🎉" not in content(page)
    page.get_by_role("button", name="Emoji").click()
    picker = page.get_by_role("dialog", name="Emoji")
    picker.get_by_role("searchbox", name="Search emoji").fill("rocket")
    picker.get_by_role("button", name="rocket").click()
    assert "🚀" not in content(page)
    submit(page)
    expect(last_post(page)).to_contain_text("😀" * 74)


def test_picker_inserts_emoji(topic_page):
    page = topic_page()
    page.get_by_role("button", name="Emoji").click()
    picker = page.get_by_role("dialog", name="Emoji")
    picker.get_by_role("searchbox", name="Search emoji").fill("rocket")
    picker.get_by_role("button", name="rocket").click()
    assert "🚀" in content(page)


def test_youtube_link_embeds_reverts_and_plays_on_click(topic_page):
    page = topic_page()
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    paste(page, text=url)
    expect(page.locator(".fe-notice")).to_contain_text("Your link has been automatically embedded.")
    assert f'data-embed-url="{url}"' in content(page)
    page.get_by_role("button", name="Display as a link instead").click()
    assert "data-embed-url" not in content(page) and f'href="{url}"' in content(page)
    paste(page, text="https://youtu.be/dQw4w9WgXcQ")
    expect(page.locator(".fe-notice")).to_contain_text("Your link has been automatically embedded.")
    submit(page)
    body = last_post(page)
    expect(body.locator(f'a[href="{url}"]')).to_have_count(1)
    play = body.get_by_role("button", name=re.compile("Play video"))
    expect(body.locator("iframe")).to_have_count(0)  # nothing loads from the video host until asked
    play.click()
    expect(body.locator("iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")


def test_link_to_a_topic_becomes_a_card(topic_page, make_topic):
    other = make_topic(posts=1, title="The other topic")
    page = topic_page()
    paste(page, text=page.url.split("/topic/")[0] + other.get_absolute_url())
    expect(page.locator(".fe-notice")).to_contain_text("Your link has been automatically embedded.")
    submit(page)
    card = last_post(page).locator(".embed-card")
    expect(card.get_by_role("link", name="The other topic")).to_be_visible()
    expect(card).to_contain_text("Post 1")


def test_draft_restored_from_server_on_another_device_then_cleared(topic_page, browser, member):
    from editor.models import Draft

    page = topic_page()
    page.keyboard.type("a draft worth keeping")
    wait_for_local_draft(page, topic_page.topic)
    page.reload()
    expect(page.locator(".fe-notice")).to_contain_text("Your previous content has been restored.")
    expect(page.locator(ED)).to_contain_text("a draft worth keeping")
    for _ in range(50):  # the server copy is saved every few seconds
        if Draft.objects.filter(user=member, topic=topic_page.topic).exists():
            break
        page.wait_for_timeout(200)
    assert "a draft worth keeping" in Draft.objects.get(user=member, topic=topic_page.topic).content

    other = browser.new_context()  # another device: no localStorage
    other_page = other.new_page()
    other_page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(page.base_url) else r.abort())
    other_page.base_url = page.base_url
    sign_in(other_page, member)
    other_page.goto(page.url)
    expect(other_page.locator(".fe-notice")).to_contain_text("Your previous content has been restored.")
    expect(other_page.locator(ED)).to_contain_text("a draft worth keeping")
    other_page.get_by_role("button", name="Clear editor").click()
    expect(other_page.locator(ED)).not_to_contain_text("a draft worth keeping")
    other_page.wait_for_timeout(500)
    assert not Draft.objects.filter(user=member).exists()
    other_page.goto("about:blank")  # no autosave from this device after the test
    other.close()


def test_posting_clears_the_draft(topic_page, member):
    from editor.models import Draft

    page = topic_page()
    page.keyboard.type("posted, not a draft")
    wait_for_local_draft(page, topic_page.topic)
    submit(page)
    expect(last_post(page)).to_contain_text("posted, not a draft")
    expect(page.locator(".fe-notice")).to_have_count(0)
    assert page.evaluate("localStorage.length") == 0
    assert not Draft.objects.filter(user=member).exists()


def test_multiquote_two_posts_from_different_pages(site, make_topic, member):
    topic = make_topic(posts=26, title="Long topic")
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    site.locator(".post").first.get_by_role("button", name="MultiQuote").click()
    multi = site.get_by_role("region", name="MultiQuote")
    expect(multi.get_by_role("button", name="Quote 1 posts")).to_be_visible()
    site.goto(site.base_url + topic.get_page_url(2))
    site.locator(".post").first.get_by_role("button", name="MultiQuote").click()
    multi.get_by_role("button", name="Quote 2 posts").click()
    html = content(site)
    assert html.count("<blockquote") == 2 and "<p>Post 1</p>" in html and "<p>Post 26</p>" in html, html
    expect(multi).to_be_hidden()
    site.keyboard.type("Both of you are right.")
    submit(site)
    body = last_post(site)
    expect(body.locator("blockquote")).to_have_count(2)
    expect(body.locator(".quote-citation a").first).to_have_text("member said:")
    first_id = topic.posts.get(position=1).pk
    expect(body.locator(f'.quote-citation a[href="/post/{first_id}/"]')).to_have_count(1)


def test_quote_one_post(topic_page):
    page = topic_page(expand=False)
    page.locator(".post").first.get_by_role("button", name="Quote", exact=True).click()
    expect(page.locator(".fe-content blockquote")).to_contain_text("Post 1")
    assert 'data-quote-author="member"' in content(page)


def test_mention_a_member(topic_page, make_member):
    alice = make_member("alice")
    page = topic_page()
    page.keyboard.type("thanks @ali")
    option = page.get_by_role("option", name="alice")
    expect(option).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.type(" for this")
    submit(page)
    mention = last_post(page).locator("a.mention")
    expect(mention).to_have_text("@alice")
    expect(mention).to_have_attribute("href", alice.get_absolute_url())


def test_upload_an_image(topic_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = topic_page()
    page.keyboard.type("my picture")
    page.set_input_files(".fe-upload-input", files=[{"name": "dot.png", "mimeType": "image/png", "buffer": PNG}])
    expect(page.locator(".fe-notice")).to_contain_text("File attached.")
    assert '<img src="/attachments/' in content(page)
    submit(page)
    image = last_post(page).locator("img")
    assert image.get_attribute("src").startswith("/attachments/")
    expect(image).to_have_js_property("naturalWidth", 1)  # served through the board, and shown


def test_no_image_paste_for_those_who_may_not_upload(topic_page, member):
    from forum.models import ForumPermission

    ForumPermission.objects.create(forum=topic_page.topic.forum, group=member.primary_group, can_upload=False)
    page = topic_page()
    expect(page.get_by_role("button", name="Attach files")).to_have_count(0)
    paste(page, image=True)
    expect(page.locator(".fe-notice")).to_contain_text(
        "You cannot paste images directly. Upload or insert images from URL.")
    assert content(page) == ""


def test_server_error_keeps_the_text_in_the_editor(topic_page):
    page = topic_page()
    # The editor refuses the 76th emoji, so this is what an older page or a script would send.
    page.evaluate("""() => { const ta = document.querySelector('textarea[data-forum-editor]')
        ta.value = '<p>' + '😀'.repeat(80) + ' and my words</p>'; ta.form.submit() }""")
    page.wait_for_load_state()
    expect(page.locator(".errorlist, .field-errors, [role=alert]").first).to_contain_text("Only 75 emoji are allowed")
    expect(page.locator(ED)).to_contain_text("and my words")


def test_new_topic_form_has_the_editor(site, board, member):
    sign_in(site, member)
    site.goto(site.base_url + f"/forum/{board.pk}-{board.slug}/new/")
    site.get_by_label("Title").fill("Editor in new topic")
    site.locator(ED).click()
    site.keyboard.type("First ")
    site.get_by_role("button", name="Bold").click()
    site.keyboard.type("post")
    site.get_by_role("button", name="Submit Topic").click()
    expect(site.locator(".post-body strong")).to_have_text("post")


def test_topic_page_with_editor_open_is_accessible(topic_page, axe_check):
    page = topic_page()
    page.keyboard.type("hello")
    page.get_by_role("button", name="Emoji").click()
    assert axe_check(page) == []
