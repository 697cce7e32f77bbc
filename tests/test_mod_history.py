"""Readable history: the moderation log as translated sentences with names isolated, compact dates, filters that
keep their values, links to what the viewer may open, per-topic and per-member histories; the edit history as a
word-level inline diff."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Ban
from forum.models import Post, Topic
from moderation import services
from moderation.log import log
from moderation.log_sentences import SENTENCES, sentence
from moderation.models import ModerationLog
from moderation.services import TOPIC_FLAGS
from moderation.textdiff import tokens, word_diff

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
LOG = reverse("moderation:log")


def written_action_codes():
    """Every action code a log() call writes anywhere in the project: literal codes, and the f-string families."""
    codes = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        codes |= set(re.findall(r'\blog\([^,()]+,\s*"([a-z_]+)"', text))
        if re.search(r'\blog\([^,()]+,\s*f"topic_\{action\}"', text):
            codes |= {f"topic_{action}" for action in TOPIC_FLAGS}
        if re.search(r'\blog\([^,()]+,\s*f"(un)?ban_\{', text):
            codes |= {f"{prefix}ban_{kind}" for prefix in ("", "un") for kind in Ban.Kind.values}
    return codes


def listed(page):
    """The log's entries (the filter's options name every action too)."""
    return page.split('<ol class="log-list">')[1].split("</ol>")[0]


def test_every_action_code_written_has_a_sentence():
    codes = written_action_codes()
    assert {"topic_pin", "post_approve", "member_warn", "recommend", "board_settings", "ban_ip"} <= codes
    assert codes - set(SENTENCES) == set()


@pytest.mark.parametrize("language, expected", [
    ("en", "<bdi>moddy</bdi> pinned the topic “<a href=\"{url}\"><bdi>Main topic</bdi></a>”"),
    ("zh-hans", "<bdi>moddy</bdi> 置顶了主题「<a href=\"{url}\"><bdi>Main topic</bdi></a>」"),
])
def test_the_log_reads_as_sentences_in_both_languages(client, scene, admin_user, language, expected):
    client.force_login(scene["moderator"])
    client.post(reverse("moderation:topic_action", kwargs={"pk": scene["topic"].pk, "action": "pin"}))
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(LOG).content.decode()
    assert expected.format(url=scene["topic"].get_absolute_url()) in page
    assert "topic_pin</td>" not in page


@pytest.mark.parametrize("language, expected", [
    ("en", ["hid the post", "warned", "banned an IP address or range", "changed the permissions of the forum"]),
    ("zh-hans", ["隐藏了帖子", "警告了", "封禁了 IP 地址或范围", "更改了版块"]),
])
def test_sentences_for_posts_members_and_bans(scene, admin_user, language, expected):
    from django.utils import translation

    services.hide_post(scene["posts"][1], scene["moderator"], reason="rude")
    services.warn_member(scene["bob"], scene["moderator"], "be nice")
    services.ban_value(Ban.Kind.IP, "198.51.100.0/24", admin_user)
    services.save_forum_permissions(scene["forum"], {}, admin_user)
    with translation.override(language):
        texts = [str(sentence(entry)) for entry in ModerationLog.objects.order_by("pk")]
    for text, phrase in zip(texts, expected):
        assert phrase in text


def test_names_and_titles_are_escaped_and_isolated(client, scene, admin_user, make_member):
    evil = make_member("<b>evil</b>", mfa=True)
    topic = scene["topic"]
    Topic.objects.filter(pk=topic.pk).update(title='<img src=x onerror="alert(1)">')
    topic.refresh_from_db()
    log(evil, "topic_lock", topic, forum=topic.forum)
    client.force_login(admin_user)
    page = client.get(LOG).content.decode()
    assert "<bdi>&lt;b&gt;evil&lt;/b&gt;</bdi>" in page
    assert "<bdi>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</bdi>" in page
    assert "<img src=x" not in page


def test_an_unknown_code_still_reads(scene, admin_user):
    entry = log(admin_user, "something_new", scene["topic"])
    assert str(sentence(entry)) == "<bdi>boardadmin</bdi>: something_new “<bdi>Main topic</bdi>”"


def test_compact_dates_carry_the_full_time(client, scene, admin_user):
    log(admin_user, "topic_pin", scene["topic"], forum=scene["forum"])
    client.force_login(admin_user)
    page = client.get(LOG).content.decode()
    match = re.search(r'<time datetime="([^"]+)" title="([^"]+)">([^<]+)</time>', page)
    assert match and match.group(1).startswith("20") and len(match.group(3)) < len(match.group(2))


def test_filters_keep_their_values_and_the_pager_keeps_the_filters(client, scene, admin_user):
    for n in range(55):
        log(scene["moderator"], "topic_pin", scene["topic"], forum=scene["forum"])
    log(admin_user, "topic_lock", scene["topic"], forum=scene["forum"])
    client.force_login(admin_user)
    page = client.get(LOG, {"action": "topic_pin", "actor": "moddy", "forum": scene["forum"].pk}).content.decode()
    assert '<option value="topic_pin" selected>' in page and 'value="moddy"' in page
    assert f'<option value="{scene["forum"].pk}" selected>' in page
    assert "locked the topic" not in listed(page)
    assert f"action=topic_pin&amp;actor=moddy&amp;forum={scene['forum'].pk}&amp;page=2" in page


def test_targets_link_only_where_the_viewer_may_go(client, scene, admin_user):
    gone = Topic.objects.create(forum=scene["forum"], title="Purged one", author=scene["member"])
    log(admin_user, "topic_delete", gone, forum=scene["forum"])
    Topic.objects.filter(pk=gone.pk).delete()
    services.warn_member(scene["bob"], scene["moderator"], "be nice")
    client.force_login(admin_user)
    page = client.get(LOG).content.decode()
    assert "“<bdi>Purged one</bdi>”" in page  # no link: it no longer exists
    assert f'<a href="{reverse("moderation:member", kwargs={"pk": scene["bob"].pk})}"><bdi>bob</bdi></a>' in page


def test_a_topic_history_for_its_forum_moderators(client, scene, admin_user):
    topic = scene["topic"]
    services.set_topic_flag(topic, "lock", scene["moderator"])
    services.hide_post(scene["posts"][1], scene["moderator"], reason="rude")
    services.set_topic_flag(scene["second"], "pin", scene["moderator"])
    client.force_login(scene["moderator"])
    page = client.get(LOG, {"topic": topic.pk}).content.decode()
    assert "History of the topic" in page and "locked the topic" in page and "hid the post" in page
    assert "pinned the topic" not in listed(page)
    # Linked from the topic's moderator tools.
    assert f'{LOG}?topic={topic.pk}' in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(scene["other_mod"])  # moderates another forum
    assert client.get(LOG, {"topic": topic.pk}).status_code == 403
    client.force_login(scene["bob"])
    assert client.get(LOG, {"topic": topic.pk}).status_code in (403, 404)
    assert client.get(LOG).status_code == 403  # the whole log stays for administrators


def test_a_member_history_lists_what_was_done_to_them_and_their_posts(client, scene, admin_user):
    bob = scene["bob"]
    services.warn_member(bob, scene["moderator"], "be nice")
    bob_post = Post.objects.filter(author=bob, position__gt=1).first()
    services.hide_post(bob_post, scene["moderator"], reason="rude")
    services.set_topic_flag(scene["topic"], "pin", scene["moderator"])  # member's topic, not bob's
    client.force_login(scene["moderator"])
    page = client.get(LOG, {"member": bob.pk}).content.decode()
    assert "History of <bdi>bob</bdi>" in page and "warned" in page and "hid the post" in page
    assert "pinned the topic" not in listed(page)
    assert f"{LOG}?member={bob.pk}" in client.get(reverse("moderation:member", kwargs={"pk": bob.pk})
                                                  ).content.decode()
    client.force_login(scene["member"])
    assert client.get(LOG, {"member": bob.pk}).status_code == 403


# The edit history ------------------------------------------------------------------------------------------------
def test_words_are_diffed_and_cjk_per_character():
    assert tokens("我喜欢猫 and dogs.") == ["我", "喜", "欢", "猫", " ", "and", " ", "dogs", "."]
    assert word_diff("<p>The quick brown fox</p>", "<p>The slow brown fox</p>") == [
        ("same", "The "), ("removed", "quick"), ("added", "slow"), ("same", " brown fox")]
    assert word_diff("<p>我喜欢猫</p>", "<p>我喜欢狗</p>") == [("same", "我喜欢"), ("removed", "猫"), ("added", "狗")]


def test_the_edit_history_shows_an_inline_accessible_escaped_diff(client, scene):
    post = scene["posts"][1]
    services.edit_post(post, scene["bob"], "<p>reply two &lt;script&gt; 你好</p>", "typo")
    client.force_login(scene["moderator"])
    page = client.get(reverse("moderation:post_history", kwargs={"pk": post.pk})).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>2</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>two &lt;script&gt; 你好</ins>' in page
    assert "@@" not in page and "<script>" not in page.split("</main>")[0]
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("moderation:post_history", kwargs={"pk": post.pk})).content.decode()
    assert '<span class="visually-hidden">新增： </span>' in page and "由 <bdi>bob</bdi> 编辑" in page


def test_the_log_page_costs_the_same_queries_for_many_entries(client, scene, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def entries(n):
        for _ in range(n):
            log(admin_user, "topic_pin", scene["topic"], forum=scene["forum"])
            log(admin_user, "post_hide", scene["posts"][1], forum=scene["forum"])
            log(admin_user, "member_warn", scene["bob"])

    client.force_login(admin_user)
    entries(1)
    client.get(LOG)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)
    entries(12)
    with CaptureQueriesContext(connection) as many:
        client.get(LOG)
    assert len(many) == len(few)
