from django.conf import settings
from django.urls import reverse

from forum.models import Topic
from forum.pagination import page_links


def test_index_lists_categories_forums_counts_and_latest_post(client, make_topic, board, django_assert_max_num_queries):
    topic = make_topic(posts=3, title="Latest things")
    with django_assert_max_num_queries(4):
        html = client.get("/").content.decode()
    assert "General" in html and board.name in html
    assert "<dd>1</dd>" in html and "<dd>3</dd>" in html
    assert topic.title in html


def test_forum_lists_pinned_first_then_by_last_activity(client, make_topic, board):
    from django.utils import timezone

    old = make_topic(title="Old but pinned", is_pinned=True, last_post_at=timezone.now() - timezone.timedelta(days=9))
    recent = make_topic(title="Recent")
    older = make_topic(title="Older", last_post_at=timezone.now() - timezone.timedelta(days=1))
    topics = list(client.get(board.get_absolute_url()).context["topics"])
    assert topics == [old, recent, older]


def test_forum_pages_hold_25_topics_and_missing_pages_are_404(client, make_topic, board):
    for n in range(26):
        make_topic(title=f"Topic {n}")
    assert len(client.get(board.get_absolute_url()).context["topics"]) == 25
    assert len(client.get(board.get_page_url(2)).context["topics"]) == 1
    assert client.get(board.get_page_url(3)).status_code == 404


def test_forum_list_shows_reply_and_view_counts_and_last_poster(client, make_topic, board, make_member):
    from forum import services

    topic = make_topic(title="Counted", view_count=41)
    services.reply(topic, make_member("replier"), "a reply")
    row = client.get(board.get_absolute_url()).content.decode()
    assert "replier" in row and "<td class=\"num\">1</td>" in row and "<td class=\"num\">41</td>" in row


def test_page_links_show_first_last_and_a_window():
    assert page_links(1, 1) == [1]
    assert page_links(10, 24) == [1, None, 8, 9, 10, 11, 12, None, 24]
    assert page_links(2, 4) == [1, 2, 3, 4]


def test_guest_notice_is_shown_until_dismissed(client, db):
    assert "Important Information" in client.get("/").content.decode()
    response = client.post(reverse("forum:dismiss_notice"), {"next": "/terms/"})
    assert response.status_code == 302 and response.url == "/terms/"
    assert response.cookies[settings.AGORA_NOTICE_COOKIE].value == "1"
    assert "Important Information" not in client.get("/").content.decode()


def test_notice_dismissal_never_redirects_off_site(client, db):
    response = client.post(reverse("forum:dismiss_notice"), {"next": "https://evil.example/"})
    assert response.url == "/"


def test_members_do_not_see_the_guest_notice(client, member):
    client.force_login(member)
    assert "Important Information" not in client.get("/").content.decode()


def test_language_switch_to_simplified_chinese(client, db):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳转到内容" in html  # "Jump to content"


def test_admin_opens_for_the_administrators_group_only(client, admin_user, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/forum/topic/").status_code == 200
    assert client.get("/admin/accounts/membergroup/").status_code == 200


def test_profile_shows_group_posts_and_joined(client, member):
    response = client.get(f"/profile/{member.pk}/")
    assert response.status_code == 301
    html = client.get(response.url).content.decode()
    assert "member" in html and "Members</li>" in html and "Joined" in html


def test_unknown_topic_is_a_friendly_404(client, db):
    response = client.get("/topic/999999-nothing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert Topic.objects.count() == 0
