"""Issue 10: text that deceives. Nothing-visible titles, names and bodies, bidi controls in titles and usernames,
reserved usernames (after look-alike folding), over-long email addresses, and links that carry user-info."""

import uuid

import pytest

from accounts.models import User
from accounts.names import name_refusal
from forum.content import sanitize_html
from forum.models import Post, Topic

INVISIBLE = ["\u200b\u200b", "\u3164", "\u2800\u2800", "\u200d \u2060", "\u115f\u1160", "\u0301"]


def signup(client, **fields):
    data = {"email": "new@example.org", "username": "newcomer", "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42", "accept_terms": "on", **fields}
    return client.post("/accounts/signup/", data)


def new_topic(client, board, title, content="<p>body</p>"):
    return client.post(f"/forum/{board.pk}-{board.slug}/new/",
                       {"title": title, "content": content, "submission_key": str(uuid.uuid4())})


@pytest.mark.parametrize("title", INVISIBLE)
def test_a_title_with_nothing_visible_is_refused(client, member, board, title):
    client.force_login(member)
    response = new_topic(client, board, title, "<p>my body text</p>")
    page = response.content.decode()
    assert response.status_code == 400 and "made only of invisible characters" in page and "my body text" in page
    assert not Topic.objects.exists()


def test_a_title_with_a_bidi_override_is_refused(client, member, board):
    client.force_login(member)
    response = new_topic(client, board, "invoice\u202egpj.exe")
    assert response.status_code == 400 and "change the direction of the text" in response.content.decode()
    assert new_topic(client, board, "مرحبا hello").status_code == 302  # right-to-left text itself is welcome


@pytest.mark.parametrize("body", ["<p>\u200b</p>", "<p>\u3164\u3164</p>", "\u2800", "<p>\u200d\u200c</p>"])
def test_a_body_with_nothing_visible_is_refused(client, member, make_topic, body):
    topic = make_topic(posts=1)
    client.force_login(member)
    response = client.post(f"/topic/{topic.pk}-{topic.slug}/reply/",
                           {"content": body, "submission_key": str(uuid.uuid4())})
    assert response.status_code == 400 and "Please write something before posting." in response.content.decode()
    assert Post.objects.filter(topic=topic).count() == 1


@pytest.mark.parametrize("name", ["moderator", "System", "ADMIN", "ad_min", "Ａｄｍｉｎ", "аdmin", "root",
                                  "Support", "agora"])
def test_reserved_names_are_refused_after_folding(name):
    assert "kept for the board" in (name_refusal(name) or "")


def test_reserved_usernames_are_refused_at_sign_up(client, db):
    response = signup(client, username="Moderator")
    assert response.status_code == 200 and "kept for the board" in response.content.decode()
    assert not User.objects.filter(username="Moderator").exists()


def test_names_with_bidi_controls_or_nothing_visible_are_refused(client, member):
    assert signup(client, username="abc\u202etxt").status_code == 200
    assert not User.objects.filter(username__startswith="abc").exists()
    client.force_login(member)
    response = client.post("/profile/edit/", {"display_name": "\u3164", "signature": ""})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.display_name == ""


def test_an_email_address_over_254_characters_is_refused(client, db):
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example.org"
    assert len(long_email) > 254
    response = signup(client, email=long_email)
    assert response.status_code == 200 and not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("raw, expected_href", [
    ('<p><a href="https://bank.example@evil.example/login">x</a></p>', "https://evil.example/login"),
    ('<p><a href="https://user:pass@evil.example/">x</a></p>', "https://evil.example/"),
])
def test_user_info_is_stripped_from_links(raw, expected_href):
    assert f'href="{expected_href}"' in sanitize_html(raw)
    assert "bank.example@" not in sanitize_html(raw) and "user:pass" not in sanitize_html(raw)


def test_a_bare_url_with_user_info_is_not_made_a_link():
    cleaned = sanitize_html("pay at https://bank.example@evil.example/pay now")
    assert "<a" not in cleaned


def test_user_written_text_is_isolated_from_the_page_direction(client, make_topic):
    topic = make_topic(posts=1, title="عنوان title")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<bdi>عنوان title</bdi>" in page
    assert 'class="post-body" dir="auto"' in page
    forum_page = client.get(topic.forum.get_absolute_url()).content.decode()
    assert f'dir="auto">{topic.title}</a>' in forum_page


def test_names_and_titles_inside_translated_sentences_are_isolated(client, make_topic, make_member,
                                                                    django_capture_on_commit_callbacks):
    """A name made with a right-to-left override (an old board's import can bring one; sign-up refuses it) cannot
    reorder the sentence around it: "X replied to Y", "By X", "Posted by X", the notification list, followed
    content, search results, the activity stream, the quote's "X said:" and the HTML of emails each hold it in a
    <bdi>."""
    from django.core import mail
    from django.urls import reverse

    from follows.services import follow
    from forum import services
    from forum.models import TOOL_NAMES, Moderator
    from recommendations.services import recommend_post

    rlo = "\u202eevil\u202c"
    writer = make_member("writer")
    User.objects.filter(pk=writer.pk).update(username=f"w{rlo}")  # as an import would store it
    writer.refresh_from_db()
    reader = make_member("reader")
    topic = make_topic(posts=1, title="plain")
    Topic.objects.filter(pk=topic.pk).update(title=f"t{rlo}")
    topic.refresh_from_db()
    follow(reader, topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(topic, writer, f'<p><span data-type="mention" data-id="{reader.pk}">@reader</span> '
                                              f"zebrafish</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(topic, reader, f'<blockquote data-quote-post="{post.pk}" data-quote-author="{writer.username}">'
                                      f"<p>quoted</p></blockquote><p>answer</p>")
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    recommend_post(post, moderator, "good")
    name, title = f"<bdi>w{rlo}</bdi>", f"<bdi>t{rlo}</bdi>"
    client.force_login(reader)

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    topic_page = page(topic.get_absolute_url() + "?x")
    assert f"{name} said:" in topic_page  # the quote's citation
    assert f"Posted by {name}" in topic_page  # Recommended Posts
    assert "By <bdi>reader</bdi>" in page(topic.forum.get_absolute_url() + "?x")  # the last post's author
    assert f"{name} mentioned you in “{title}”" in page(reverse("notifications:index"))
    assert f"Unfollow “{title}”" in page(reverse("follows:followed"))
    assert f"By {name}" in page(reverse("search:search") + "?q=zebrafish")
    assert f"{name} replied in" in page(reverse("activity:activity"))
    [email] = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert f"{name} mentioned you in “{title}”" in email.alternatives[0][0]
    assert "<bdi>" not in email.body and "<bdi>" not in email.subject  # plain text stays plain
