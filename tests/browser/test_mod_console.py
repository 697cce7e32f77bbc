"""An administrator opens the moderator console in a real browser: the dashboard is axe-clean, each chart is an
image with a text alternative and its numbers one click away; the board settings page saves a change."""

import os
import re

from playwright.sync_api import expect

from forum import services
from forum.models import Post, Topic
from moderation.models import TOOL_NAMES, Moderator

from .test_moderation import TOTP_SECRET, sign_in

# AGORA_SCREENSHOTS=/some/folder keeps pictures of the dashboard and the log, to look at by hand.
SCREENSHOTS = os.environ.get("AGORA_SCREENSHOTS")


def test_dashboard_is_accessible_and_charts_have_text(site, board, make_member, member, axe_check):
    from allauth.mfa.totp.internal.auth import TOTP

    admin = make_member("chief", group="Administrators", mfa=False)
    TOTP.activate(admin, TOTP_SECRET)
    Moderator.objects.create(user=make_member("helper"), tools=TOOL_NAMES).forums.add(board)
    topic = services.create_topic(board, member, "Busy topic", "<p>hello</p>")
    for n in range(3):
        services.reply(topic, member, f"<p>reply {n}</p>")
    topic.refresh_from_db()
    queued = Post.objects.create(topic=topic, position=topic.last_position + 1, author_name="Visitor",
                                 content="<p>waiting</p>", state=Post.State.PENDING)
    Topic.objects.filter(pk=topic.pk).update(last_position=queued.position)

    sign_in(site, "chief")
    site.get_by_role("banner").get_by_text("chief").click()
    site.get_by_role("link", name="Moderator console").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Moderator console")
    expect(site.get_by_role("link", name=re.compile("1 post waiting for approval"))).to_be_visible()

    chart = site.get_by_role("img", name=re.compile("Posts per day"))
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(re.compile(r"Posts per day: 5 in all"))
    site.get_by_text("Posts per day: the numbers").click()
    table = site.get_by_role("table", name="Posts per day")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(31)
    assert axe_check(site) == []
    if SCREENSHOTS:
        site.screenshot(path=os.path.join(SCREENSHOTS, "dashboard.png"), full_page=True)

    site.get_by_role("link", name="Board settings").click()
    if SCREENSHOTS:
        site.screenshot(path=os.path.join(SCREENSHOTS, "settings.png"), full_page=True)
    site.get_by_label("Flood control (seconds)").fill("20")
    site.get_by_role("button", name="Save").click()
    expect(site.get_by_text("The board settings were saved.")).to_be_visible()
    assert axe_check(site) == []
    site.goto(f"{site.base_url}/mod/log/")
    expect(site.get_by_text(re.compile("chief changed the board settings"))).to_be_visible()
    expect(site.get_by_text(re.compile(r"flood control \(seconds\): \d+ → 20"))).to_be_visible()
    assert axe_check(site) == []
    if SCREENSHOTS:
        site.screenshot(path=os.path.join(SCREENSHOTS, "log.png"), full_page=True)
