"""The board in a real browser: what a keyboard user, a newcomer and a screen-reader user meet first.

One live server for the whole module (pytest-django's is session-wide); the demo board where lists and long Chinese
topics matter, a one-forum board where they do not.
"""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

PHONE = {"width": 375, "height": 667}
FOCUSED = """() => {
  const backgroundAround = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.innerText || el.value || "").trim(),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          outlineColor: style.outlineColor, around: backgroundAround(el),
          inMain: !!el.closest("main"), seen: !!hit && (el === hit || el.contains(hit) || hit.contains(el) ||
          (el.labels && [...el.labels].some(l => l.contains(hit))))};
}"""


def contrast(colour, other):
    """WCAG contrast ratio of two computed CSS colours ("rgb(…)" / "rgba(…)", alpha ignored)."""
    def luminance(css):
        channels = [int(c) / 255 for c in re.findall(r"[\d.]+", css)[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(colour), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)




def tab_to(page, predicate, limit=60):
    """Press Tab until the focused element satisfies `predicate`; the element's description, or fail."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if predicate(focused):
            return focused
    raise AssertionError(f"Not reachable with {limit} presses of Tab")


def demo_pages():
    from forum.demo_seed import SEED_TITLE
    from forum.demo_topics import LONG_TITLE
    from forum.models import Topic

    seed = Topic.objects.select_related("forum").get(title=SEED_TITLE)
    long = Topic.objects.get(title=LONG_TITLE)
    return {"index": "/", "forum": seed.forum.get_absolute_url(), "topic": seed.get_absolute_url(),
            "long topic, page 2": long.get_page_url(2)}


def test_guest_jumps_to_content_by_keyboard(site, board):
    site.goto(site.base_url + "/")
    site.keyboard.press("Tab")
    skip = site.get_by_role("link", name="Jump to content")
    expect(skip).to_be_focused()
    box, viewport = skip.bounding_box(), site.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box
    site.keyboard.press("Enter")
    expect(site.locator("main#content")).to_be_focused()
    # The next Tab lands in the content, past the header's links.
    site.keyboard.press("Tab")
    assert site.evaluate(FOCUSED)["inMain"]


def test_guest_signs_up_confirms_the_address_and_replies(site, make_topic):
    topic = make_topic(posts=2, title="Welcome, newcomers | 欢迎新朋友")
    site.goto(site.base_url + topic.get_absolute_url())
    site.get_by_role("link", name="register").click()
    site.get_by_label("Email").fill("newcomer@example.org")
    site.get_by_label("Username").fill("newcomer")
    site.get_by_label(re.compile(r"^Password:?$")).fill("a long enough passphrase")
    site.get_by_label("Password (again)").fill("a long enough passphrase, mistyped")
    site.get_by_label("I accept the Registration Terms & Conditions").check()
    site.get_by_role("button", name="Sign Up").click()
    # The server's error is read out with the field it belongs to, and what was typed is still there.
    again = site.get_by_label("Password (again)")
    expect(again).to_have_accessible_description(re.compile("same password"))
    expect(site.get_by_label("Email")).to_have_value("newcomer@example.org")
    site.get_by_label(re.compile(r"^Password:?$")).fill("a long enough passphrase")
    again.fill("a long enough passphrase")
    site.get_by_label("I accept the Registration Terms & Conditions").check()
    site.get_by_role("button", name="Sign Up").click()
    expect(site.locator(".messages")).to_contain_text("newcomer@example.org")
    expect(site.locator(".user-menu summary")).to_have_text("newcomer")  # signed in straight away

    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0)
    site.goto(link)
    site.get_by_role("button", name="Confirm").click()
    expect(site.locator(".messages")).to_contain_text("confirmed")

    site.goto(site.base_url + topic.get_absolute_url())
    site.get_by_role("button", name="Reply to this topic...").click()  # opens the editor
    site.get_by_role("textbox", name="Reply to this topic...").fill("Glad to be here. 很高兴来到这里。")
    site.get_by_role("button", name="Submit Reply").click()
    reply = site.locator("article.post").filter(has_text="Glad to be here. 很高兴来到这里。")
    expect(reply).to_be_visible()
    expect(reply.get_by_role("heading", name="newcomer")).to_be_visible()
    expect(reply).to_be_in_viewport()  # the redirect lands on the new post's anchor


def fits(page):
    """Whether the page needs no sideways scrolling in the window it has."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_guest_pages_pass_axe_and_fit_a_phone(site, axe_check, demo_board):
    pages = {**demo_pages(), "sign-up": "/accounts/signup/", "sign-in": "/accounts/login/"}
    found, too_wide = {}, []
    for name, path in pages.items():
        site.goto(site.base_url + path)
        expect(site.get_by_role("region", name="Important Information")).to_be_visible()
        found[name] = axe_check(site)
    assert found == {name: [] for name in found}
    site.set_viewport_size(PHONE)
    for name, path in pages.items():
        site.goto(site.base_url + path)
        if not fits(site):
            too_wide.append(name)
    assert too_wide == []


def test_member_pages_on_a_phone_pass_axe_and_fit(site, axe_check, demo_board, member, client):
    sign_in(site, member)
    site.set_viewport_size(PHONE)
    found, too_wide = {}, []
    for name, path in {**demo_pages(), "choose a forum": "/submit/"}.items():
        site.goto(site.base_url + path)
        expect(site.get_by_role("region", name="Important Information")).to_have_count(0)
        if name.endswith("topic") or name.endswith("page 2"):
            expect(site.get_by_role("button", name="Reply to this topic...")).to_be_visible()  # the editor, closed
        found[name] = axe_check(site)
        if not fits(site):
            too_wide.append(name)
    site.get_by_text("Create New...").click()  # an open menu is part of the page too
    found["open menu"] = axe_check(site)
    assert found == {name: [] for name in found}
    assert too_wide == []


def test_guest_dismisses_the_notice_by_keyboard_and_it_stays_dismissed(site, board):
    site.goto(site.base_url + "/")
    notice = site.get_by_role("region", name="Important Information")
    expect(notice).to_be_visible()
    site.evaluate("window.sameDocument = true")
    tab_to(site, lambda el: el["tag"] == "button" and el["text"] == "I accept")
    site.keyboard.press("Enter")
    expect(notice).to_have_count(0)
    assert site.evaluate("window.sameDocument"), "the notice went away through a page load, not the script"
    expect(site.locator("main#content")).to_be_focused()  # focus is not dropped on the floor
    site.reload()
    expect(site.get_by_role("region", name="Important Information")).to_have_count(0)
    site.goto(site.base_url + "/accounts/signup/")
    expect(site.get_by_role("region", name="Important Information")).to_have_count(0)


def test_member_uses_the_create_menu_by_keyboard(site, board, member, client):
    sign_in(site, member)
    site.goto(site.base_url + "/")
    menu = site.locator("details.create-menu")
    tab_to(site, lambda el: el["tag"] == "summary" and el["text"] == "Create New...")
    site.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    site.keyboard.press("Tab")
    expect(site.get_by_role("link", name="Topic", exact=True)).to_be_focused()
    site.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("summary")).to_be_focused()
    site.keyboard.press("Enter")
    site.keyboard.press("Tab")
    site.keyboard.press("Tab")  # out of the menu: it closes behind the keyboard user
    expect(menu).not_to_have_attribute("open", "")
    site.keyboard.press("Shift+Tab")
    site.keyboard.press("Enter")
    site.keyboard.press("Tab")
    site.keyboard.press("Enter")
    expect(site.get_by_role("heading", name="Start a new topic")).to_be_visible()
    expect(site.get_by_role("link", name=board.name)).to_be_visible()


def test_keyboard_focus_is_visible_and_never_hidden_behind_the_notice_on_a_phone(site, board):
    """Every link, button and field of the sign-up page, in a phone-sized window with the guests' notice showing:
    a focus ring of 3:1 contrast with what surrounds it, and the focused element not under the notice."""
    site.set_viewport_size(PHONE)
    site.goto(site.base_url + "/accounts/signup/")
    seen_tags, problems = set(), []
    for _ in range(40):
        site.keyboard.press("Tab")
        el = site.evaluate(FOCUSED)
        if el["tag"] == "body" or (seen_tags and el["cls"] == "skip-link"):
            break
        seen_tags.add(el["tag"])
        if el["outline"] in ("none", "hidden") or el["outlineWidth"] < 2:
            problems.append(("no visible focus", el))
        elif contrast(el["outlineColor"], el["around"]) < 3:  # WCAG 1.4.11, non-text contrast
            problems.append(("focus ring too faint", el))
        if not el["seen"]:
            problems.append(("hidden from view", el))
    assert {"a", "input", "button", "select"} <= seen_tags
    assert problems == []
