"""Search in a real browser: from the header box, in Chinese, narrowed to a forum, to the post on its topic's page."""

import re

from playwright.sync_api import expect

from forum import services
from forum.models import Forum, Post


def test_search_in_chinese_from_the_header_filter_by_forum_and_open_the_post(site, axe_check, board, member,
                                                                            make_topic):
    other = Forum.objects.create(category=board.category, name="Policy 政策")
    long = make_topic(posts=30, title="Long thread 长帖")
    target = Post.objects.get(topic=long, position=28)
    Post.objects.filter(pk=target.pk).update(content="<p>关于中美科技合作协定的最新消息。</p>")
    services.create_topic(other, member, "Elsewhere 别处", "<p>另一个科技合作协定。</p>")
    services.create_topic(board, member, "Apart 分开", "<p>协商之后没有定论。</p>")  # 协 and 定 apart: no match

    site.goto(site.base_url + "/")
    box = site.get_by_role("searchbox", name="Search the board")
    box.fill("合作协定")
    box.press("Enter")
    expect(site).to_have_url(re.compile(r"/search/\?q="))
    results = site.locator(".search-result h2 a")
    expect(results).to_have_count(2)
    expect(site.locator(".search-excerpt mark").first).to_have_text("合作协定")
    assert axe_check(site) == []

    site.get_by_label("Forum").select_option(label="Chat")
    site.get_by_role("button", name="Search", exact=True).last.click()
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("Long thread 长帖")

    results.first.click()
    expect(site).to_have_url(re.compile(rf"{re.escape(long.get_page_url(2))}#comment-{target.pk}$"))
    post = site.locator(f"#comment-{target.pk}")
    expect(post).to_contain_text("中美科技合作协定")
    expect(post).to_be_in_viewport()


def test_activity_page_passes_axe(site, axe_check, make_topic):
    make_topic(posts=3, title="Recent 最近")
    site.goto(site.base_url + "/")
    site.get_by_role("link", name="Activity").click()
    expect(site.get_by_role("heading", name="Activity")).to_be_visible()
    expect(site.locator(".activity-item")).to_have_count(3)
    assert axe_check(site) == []
