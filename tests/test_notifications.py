"""Notifications: who is told about what, once; in the page (the bell, the list) and by email."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from follows.services import follow
from forum.models import ForumPermission, Post
from moderation import services as moderation
from moderation.models import Report
from notifications.models import IgnoredMember, Kind, Notification, Preferences
from notifications.services import unread_count
from recommendations.services import recommend_post

from .keeping_up import mention, quote, reply, start_topic


@pytest.fixture
def alice(make_member):
    return make_member("alice")


@pytest.fixture
def bob(make_member):
    return make_member("bob")


@pytest.fixture
def topic(make_topic):
    return make_topic(posts=3, title="Keeping up")


def kinds(member):
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_a_reply_in_a_followed_topic_notifies_each_follower_once_and_never_the_author(
        topic, alice, bob, django_capture_on_commit_callbacks):
    follow(alice, topic)
    post = reply(django_capture_on_commit_callbacks, topic, bob, "<p>a reply</p>")
    assert kinds(alice) == [Kind.REPLY]
    assert kinds(bob) == []  # their own post, in a topic they now follow
    n = Notification.objects.get(recipient=alice)
    assert (n.post, n.actor, n.topic) == (post, bob, topic)


def test_replying_follows_the_topic_unless_the_member_turned_it_off(topic, alice, bob,
                                                                  django_capture_on_commit_callbacks):
    Preferences.objects.create(member=bob, auto_follow=False)
    reply(django_capture_on_commit_callbacks, topic, alice, "<p>first</p>")
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>second</p>")
    reply(django_capture_on_commit_callbacks, topic, alice, "<p>third</p>")
    assert alice.follows.filter(topic=topic).exists() and not bob.follows.exists()
    assert kinds(bob) == []


def test_quote_mention_and_follow_in_one_reply_make_one_notification_of_the_most_specific_kind(
        topic, member, bob, django_capture_on_commit_callbacks):
    follow(member, topic)
    quoted = Post.objects.get(topic=topic, position=1)  # written by `member`
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(member)} said</p>{quote(quoted)}")
    assert kinds(member) == [Kind.QUOTE]


def test_a_mention_and_a_new_topic_in_a_followed_forum(board, alice, bob, member,
                                                        django_capture_on_commit_callbacks):
    follow(alice, board)
    start_topic(django_capture_on_commit_callbacks, board, bob, html=f"<p>hi {mention(member)}</p>")
    assert kinds(alice) == [Kind.NEW_TOPIC] and kinds(member) == [Kind.MENTION]


def test_the_same_event_delivered_twice_makes_one_notification(topic, alice, bob,
                                                                 django_capture_on_commit_callbacks):
    from notifications.services import deliver_post

    follow(alice, topic)
    post = reply(django_capture_on_commit_callbacks, topic, bob, "<p>once</p>")
    deliver_post(post.pk)
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_no_notification_from_an_ignored_member(topic, alice, bob, django_capture_on_commit_callbacks):
    follow(alice, topic)
    IgnoredMember.objects.create(member=alice, ignored=bob)
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)}</p>")
    assert kinds(alice) == []


def test_no_notification_about_content_the_member_cannot_see(board, topic, alice, bob, groups, make_member,
                                                             django_capture_on_commit_callbacks):
    insider = make_member("insider", group="Moderators", mfa=True)
    follow(alice, topic)
    follow(insider, topic)
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_see=False, can_read=False)
    reply(django_capture_on_commit_callbacks, topic, insider, f"<p>{mention(alice)} secret</p>")
    assert kinds(alice) == []


def test_a_notification_whose_post_became_invisible_is_no_longer_listed_or_counted(
        client, topic, alice, bob, make_member, django_capture_on_commit_callbacks):
    from forum.models import Moderator, TOOL_NAMES

    follow(alice, topic)
    post = reply(django_capture_on_commit_callbacks, topic, bob, "<p>soon hidden</p>")
    assert unread_count(alice) == 1
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(post, moderator, reason="spam")
    assert unread_count(alice) == 0
    client.force_login(alice)
    assert "soon hidden" not in client.get(reverse("notifications:index")).content.decode()
    # The author is told, with the reason, and without a link to a post they can no longer open.
    hidden = Notification.objects.get(recipient=bob, kind=Kind.HIDDEN)
    assert hidden.reason == "spam"


def test_moderation_outcomes_each_notify_the_author_once(topic, member, bob, make_member,
                                                          django_capture_on_commit_callbacks):
    from forum.models import Moderator, TOOL_NAMES

    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    post = Post.objects.get(topic=topic, position=2)
    Post.objects.filter(pk=post.pk).update(author=bob)
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        recommend_post(post, moderator, "good one")
        recommend_post(post, moderator, "still good")  # the note changed: no second notification
        Report.objects.create(post=post, reporter=member, reason="spam")
        moderation.close_reports(post, moderator, resolution="Looked fine")
        moderation.warn_member(bob, moderator, "Mind your language.")
    assert sorted(kinds(bob)) == sorted([Kind.RECOMMENDED, Kind.WARNING])
    assert kinds(member) == [Kind.REPORT_HANDLED]
    assert Notification.objects.get(recipient=member).reason == "Looked fine"


def test_approval_tells_the_author_and_the_followers_and_rejection_gives_the_reason(
        topic, alice, bob, make_member, django_capture_on_commit_callbacks):
    from forum.models import Moderator, TOOL_NAMES

    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    follow(alice, topic)
    held = [Post.objects.create(topic=topic, position=10 + n, author=bob, author_name="bob", content=f"<p>{n}</p>",
                                state=Post.State.PENDING) for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_post(held[0], moderator)
        moderation.reject_post(held[1], moderator, message="Off topic, sorry.")
    assert sorted(kinds(bob)) == sorted([Kind.APPROVED, Kind.REJECTED])
    assert kinds(alice) == [Kind.REPLY]  # the approved post, now visible; never the rejected one
    rejected = [m for m in mail.outbox if m.to == ["bob@example.org"] and "not approved" in m.subject]
    assert len(rejected) == 1 and "Off topic, sorry." in rejected[0].body


# In the page ------------------------------------------------------------------------------------------------------
def test_bell_list_open_and_mark_read(client, topic, alice, bob, django_capture_on_commit_callbacks):
    follow(alice, topic)
    posts = [reply(django_capture_on_commit_callbacks, topic, bob, f"<p>reply {n}</p>") for n in range(2)]
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert re.search(r'data-bell-count\s*>2<', html)
    assert client.get(reverse("notifications:count")).json() == {"unread": 2}
    listing = client.get(reverse("notifications:index")).content.decode()
    assert "bob replied to “Keeping up”" in listing and "Mark all read" in listing
    n = Notification.objects.get(recipient=alice, post=posts[0])
    response = client.post(reverse("notifications:open", kwargs={"pk": n.pk}))
    assert response.status_code == 302 and response.url == posts[0].get_absolute_url()
    assert response.url.endswith(f"#comment-{posts[0].pk}")
    assert unread_count(alice) == 1
    client.post(reverse("notifications:mark_all_read"))
    assert unread_count(alice) == 0


def test_one_cannot_open_or_mark_someone_elses_notification(client, topic, alice, bob,
                                                           django_capture_on_commit_callbacks):
    follow(alice, topic)
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>for alice</p>")
    n = Notification.objects.get(recipient=alice)
    client.force_login(bob)
    assert client.post(reverse("notifications:open", kwargs={"pk": n.pk})).status_code == 404
    client.post(reverse("notifications:mark_read"), {"notification": [n.pk]})
    client.post(reverse("notifications:mark_all_read"))
    n.refresh_from_db()
    assert n.read_at is None
    client.logout()
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302  # to sign in
    assert client.get(reverse("notifications:index")).status_code == 302


def test_settings_and_ignoring_a_member(client, alice, bob):
    client.force_login(alice)
    assert client.get(reverse("notifications:settings")).status_code == 200
    data = {"auto_follow": "", "language": "zh-hans",
            **{f"email_{k}": "never" for k in Kind.values}, "email_mention": "digest"}
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    preferences = Preferences.objects.get(member=alice)
    assert not preferences.auto_follow and preferences.delivery(Kind.MENTION) == "digest"
    assert preferences.delivery(Kind.REPLY) == "never" and preferences.email_language == "zh-hans"
    bad = client.post(reverse("notifications:settings"), {**data, "email_reply": "sometimes"})
    assert bad.status_code == 400
    missing = client.post(reverse("notifications:ignore"), {"username": "nobody-here"})
    assert missing.status_code == 400 and "nobody-here" in missing.content.decode()
    assert client.post(reverse("notifications:ignore"), {"username": "@bob"}).status_code == 302
    assert IgnoredMember.objects.filter(member=alice, ignored=bob).exists()
    client.post(reverse("notifications:unignore", kwargs={"pk": bob.pk}))
    assert not IgnoredMember.objects.exists()


# By email ---------------------------------------------------------------------------------------------------------
def _unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return re.sub(r"^https?://[^/]+", "", header[1:-1])


def test_a_mention_is_emailed_at_once_in_the_members_language_with_one_click_unsubscribe(
        client, topic, alice, bob, django_capture_on_commit_callbacks):
    Preferences.objects.create(member=alice, language="zh-hans")
    mail.outbox.clear()
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} look at this</p>")
    [message] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "bob" in message.subject and "Keeping up" in message.subject and "提到" in message.subject
    assert "look at this" in message.body
    path = _unsubscribe_path(message)
    assert client.get(path).status_code == 200  # asks; changes nothing
    assert Preferences.objects.get(member=alice).delivery(Kind.MENTION) == "immediate"
    response = client.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does: no session, no CSRF
    assert response.status_code == 200
    assert Preferences.objects.get(member=alice).delivery(Kind.MENTION) == "never"
    mail.outbox.clear()
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} again</p>")
    assert kinds(alice) == [Kind.MENTION, Kind.MENTION] and mail.outbox == []


def test_a_forged_unsubscribe_link_is_404(client, alice):
    from notifications.emails import unsubscribe_token

    token = unsubscribe_token(alice, Kind.MENTION)
    assert client.post(reverse("notifications:unsubscribe", kwargs={"token": token[:-2] + "xx"})).status_code == 404


def test_followed_replies_wait_for_the_daily_digest(client, topic, alice, bob, make_member,
                                                    django_capture_on_commit_callbacks):
    from django.core.management import call_command

    follow(alice, topic)
    carol = make_member("carol")
    mail.outbox.clear()
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>first news</p>")
    reply(django_capture_on_commit_callbacks, topic, carol, "<p>second news</p>")
    assert [m for m in mail.outbox if m.to == ["alice@example.org"]] == []
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    [digest] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "first news" in digest.body and "second news" in digest.body and "2" in digest.subject
    assert digest.alternatives and "second news" in digest.alternatives[0][0]
    mail.outbox.clear()
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    assert [m for m in mail.outbox if m.to == ["alice@example.org"]] == []  # each notification once
    client.post(_unsubscribe_path(digest))
    preferences = Preferences.objects.get(member=alice)
    assert preferences.delivery(Kind.REPLY) == "never" and preferences.delivery(Kind.MENTION) == "immediate"


def test_the_digest_leaves_out_what_the_member_can_no_longer_see(board, topic, alice, bob, groups,
                                                                  django_capture_on_commit_callbacks):
    from notifications.emails import send_digests

    follow(alice, topic)
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>now secret</p>")
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_see=False, can_read=False)
    mail.outbox.clear()
    send_digests()
    assert [m for m in mail.outbox if "now secret" in m.body] == []


def test_ignore_from_the_members_profile(client, alice, bob):
    client.force_login(alice)
    profile = bob.get_absolute_url()
    assert "Ignore bob" in client.get(profile).content.decode()
    assert "Ignore alice" not in client.get(alice.get_absolute_url()).content.decode()  # not on one's own
    response = client.post(reverse("notifications:ignore"), {"username": "bob", "next": profile})
    assert response.status_code == 302 and response.url == profile
    assert "Stop ignoring bob" in client.get(profile).content.decode()


def test_a_reply_costs_the_same_however_many_members_follow_the_topic(make_topic, make_member,
                                                                      django_capture_on_commit_callbacks):
    """Posting only queues the delivery: the followers are counted by the worker, not by the reply's request."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from follows.models import Follow
    from forum import services

    author = make_member("author")
    counts, queued_counts = [], []
    for followers in (0, 300):
        topic = make_topic(posts=2, title=f"{followers} followers")
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"follower{followers}-{n}", email=f"f{followers}-{n}@example.org")
            for n in range(followers))
        Follow.objects.bulk_create(Follow(member=u, topic=topic) for u in users)
        services.reply(topic, author, "<p>warm up</p>")  # the author's first reply follows the topic
        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks() as queued:
            services.reply(topic, author, "<p>news for everyone</p>")
        counts.append(len(captured))
        queued_counts.append(len(queued))  # the delivery (and the page caches' versions), after the commit
    assert counts[0] == counts[1] and queued_counts[0] == queued_counts[1] >= 1


def test_hiding_a_topic_tells_its_author(topic, member, make_member, django_capture_on_commit_callbacks):
    from forum.models import Moderator, TOOL_NAMES

    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_topic_flag(topic, "hide", moderator, reason="Duplicate")
    hidden = Notification.objects.get(recipient=member)
    assert (hidden.kind, hidden.reason) == (Kind.HIDDEN, "Duplicate")


def test_no_email_to_an_unconfirmed_address(topic, make_member, bob, django_capture_on_commit_callbacks):
    unconfirmed = make_member("newbie", verified=False)
    mail.outbox.clear()
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(unconfirmed)}</p>")
    assert kinds(unconfirmed) == [Kind.MENTION]  # told in the page
    assert mail.outbox == []


def test_a_widely_followed_topic_is_delivered_in_shares(topic, bob, settings, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from follows.models import Follow
    from notifications import services as notification_services

    monkeypatch.setattr(notification_services, "DELIVERY_CHUNK", 3)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"fan{n}", email=f"fan{n}@example.org") for n in range(8))
    Follow.objects.bulk_create(Follow(member=u, topic=topic) for u in users)
    post = reply(django_capture_on_commit_callbacks, topic, bob, "<p>for all my fans</p>")
    fans = Notification.objects.filter(post=post, recipient__username__startswith="fan")
    assert fans.count() == 8 and set(fans.values_list("kind", flat=True)) == {Kind.REPLY}
