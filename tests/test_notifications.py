"""Notifications: who is told about what, once; in the page (the bell, the list) and by email."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from follows.services import follow
from forum.models import TOOL_NAMES, ForumPermission, Moderator, Post
from moderation import services as moderation
from moderation.models import Report
from notifications import services as notifications
from notifications.models import IgnoredMember, Kind, Notification, Preferences
from notifications.services import unread_count
from recommendations.services import recommend_post
from unread.models import ReadMarker

from .budgets import TOPIC_PAGE_QUERIES
from .concurrency import run_at_once
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
    assert "<bdi>bob</bdi> replied to “<bdi>Keeping up</bdi>”" in listing and "Mark all read" in listing
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
    assert "Ignore <bdi>bob</bdi>" in client.get(profile).content.decode()
    assert "Ignore <bdi>alice</bdi>" not in client.get(alice.get_absolute_url()).content.decode()  # not on one's own
    response = client.post(reverse("notifications:ignore"), {"username": "bob", "next": profile})
    assert response.status_code == 302 and response.url == profile
    assert "Stop ignoring <bdi>bob</bdi>" in client.get(profile).content.decode()


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


# Issue 13, what was left: the topic page back under its old query ceiling (the bell's count kept on the member's
# row, the follow state, stars and read position in the topic's own query), mentions added by an edit, and one switch
# that stops every notification email. ---------------------------------------------------------------------------
@pytest.fixture
def moderator(make_member):
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, all_forums=True, tools=TOOL_NAMES)
    return moderator


def stored(member):
    member.refresh_from_db(fields=["unread_notifications"])
    return member.unread_notifications


def bell(client):
    html = client.get("/?fresh").content.decode()
    return int(re.search(r"data-bell-count[^>]*>(\d+)<", html)[1])


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


# 1. The topic page's cost -----------------------------------------------------------------------------------------
def test_a_members_topic_page_is_back_under_the_old_ceiling_with_follow_bell_rating_and_read_progress(
        client, make_topic, member, bob, django_capture_on_commit_callbacks):
    from ratings.services import rate_topic

    big = make_topic(posts=600, title="Big", author=bob)
    follow(member, big)
    rate_topic(big, member, 4)
    reply(django_capture_on_commit_callbacks, big, bob, f"<p>{mention(member)} hello</p>")
    other = make_topic(posts=1, title="Other")
    reply(django_capture_on_commit_callbacks, other, bob, "<p>warm</p>")
    client.force_login(member)
    client.get(other.get_absolute_url())  # a warm cache (the reaction types), as on a running board
    first_visits = [queries_of(client, big.get_page_url(page)) for page in (2, 24, 25)]
    assert len({len(q) for q in first_visits}) == 1
    assert len(first_visits[0]) <= TOPIC_PAGE_QUERIES["member"] == 12
    # The follow button, the bell, and the stars come without a query of their own.
    for sql in first_visits[0]:
        assert "follows_follow" not in sql or '"forum_topic"' in sql
        assert "ratings_rating" not in sql or '"forum_topic"' in sql
        assert "notifications_notification" not in sql
    html = client.get(big.get_page_url(25)).content.decode()
    assert "Following" in html and "2 followers" in html  # the member, and bob since he posted
    assert re.search(r"data-bell-count[^>]*>2<", html)  # bob's mention here and his reply in the other topic
    assert 'value="4" id="rate-4" checked' in html
    # Reading the page again records nothing: the read position came with the topic.
    reread = queries_of(client, big.get_page_url(24))
    assert len(reread) == len(first_visits[0]) - 1
    assert not [sql for sql in reread if "INSERT INTO unread_readmarker" in sql]
    assert ReadMarker.objects.get(member=member, topic=big).position == 601


def test_a_guests_topic_page_costs_no_query_for_the_follower_count(client, make_topic, member):
    topic = make_topic(posts=30)
    follow(member, topic)
    client.get(topic.get_absolute_url() + "?warm")
    sqls = queries_of(client, topic.get_absolute_url() + "?fresh")
    assert len(sqls) <= TOPIC_PAGE_QUERIES["guest"]
    assert not [sql for sql in sqls if "follows_follow" in sql and '"forum_topic"' not in sql]
    assert "1 follower" in client.get(topic.get_absolute_url() + "?again").content.decode()


# 1. The bell's count on the member's row --------------------------------------------------------------------------
def test_the_stored_count_follows_every_change_and_matches_the_live_count(
        client, topic, alice, bob, make_member, moderator, django_capture_on_commit_callbacks):
    follow(alice, topic)
    posts = [reply(django_capture_on_commit_callbacks, topic, bob, f"<p>news {n}</p>") for n in range(3)]
    assert stored(alice) == notifications.unread_count(alice) == 3
    # The same event delivered again makes no second notification, and no second count.
    notifications.deliver_post_to_members(posts[0].pk, [(alice.pk, Kind.REPLY)])
    assert stored(alice) == 3
    client.force_login(alice)
    assert bell(client) == 3
    n = Notification.objects.get(recipient=alice, post=posts[0])
    client.post(reverse("notifications:open", kwargs={"pk": n.pk}))
    client.post(reverse("notifications:open", kwargs={"pk": n.pk}))  # twice: counted down once
    assert stored(alice) == notifications.unread_count(alice) == 2 and bell(client) == 2
    # A post hidden by a moderator drops out of the bell, and comes back when restored.
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(posts[1], moderator, reason="spam")
    assert stored(alice) == notifications.unread_count(alice) == 1 and bell(client) == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderation.unhide_post(Post.objects.get(pk=posts[1].pk), moderator)
    assert stored(alice) == notifications.unread_count(alice) == 2
    # A post that goes for good takes its notification with it.
    Post.objects.filter(pk=posts[2].pk).delete()
    assert stored(alice) == notifications.unread_count(alice) == 1
    client.post(reverse("notifications:mark_all_read"))
    assert stored(alice) == notifications.unread_count(alice) == 0 and bell(client) == 0


def test_a_member_saved_from_an_old_copy_keeps_the_count(topic, alice, bob, django_capture_on_commit_callbacks):
    from accounts.models import User

    old_copy = User.objects.get(pk=alice.pk)
    follow(alice, topic)
    reply(django_capture_on_commit_callbacks, topic, bob, "<p>news</p>")
    old_copy.display_name = "Alice A."
    old_copy.save()  # e.g. the profile form: every field but the ones the database keeps
    assert stored(alice) == 1
    assert User.objects.get(pk=alice.pk).display_name == "Alice A."


@pytest.mark.django_db(transaction=True)
def test_the_count_stays_right_when_deliveries_and_mark_read_run_at_once(make_topic, make_member):
    topic = make_topic(posts=2)
    members = [make_member(f"reader{n}") for n in range(12)]
    authors = [make_member(f"writer{n}") for n in range(6)]
    posts = [Post.objects.create(topic=topic, position=10 + n, author=author, author_name=author.username,
                                 content=f"<p>{n}</p>") for n, author in enumerate(authors)]
    ids = [m.pk for m in members]

    def deliver(post):
        # Each delivery reaches every reader, in an order of its own.
        order = ids[post.position % len(ids):] + ids[:post.position % len(ids)]
        return notifications.deliver_post_to_members(post.pk, [(pk, Kind.REPLY) for pk in order])

    calls = [lambda p=p: deliver(p) for p in posts]
    calls += [lambda m=m: notifications.mark_all_read(m) for m in members[:4]]
    calls += [lambda: deliver(posts[0])]  # the same event twice at once
    run_at_once(calls)
    for member in members:
        unread = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
        assert stored(member) == unread == notifications.unread_count(member)
    assert Notification.objects.filter(recipient=members[-1]).count() == len(posts)


# 2. A mention added by an edit ------------------------------------------------------------------------------------
def test_a_mention_added_by_an_edit_tells_only_the_newly_mentioned_once(
        topic, alice, bob, make_member, moderator, django_capture_on_commit_callbacks):
    carol, dave, erin = make_member("carol"), make_member("dave"), make_member("erin")
    IgnoredMember.objects.create(member=erin, ignored=bob)
    post = reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} first</p>")
    assert list(Notification.objects.filter(recipient=alice).values_list("kind", flat=True)) == [Kind.MENTION]

    def edit(editor, html):
        with django_capture_on_commit_callbacks(execute=True):
            moderation.edit_post(Post.objects.get(pk=post.pk), editor, html)

    edit(bob, f"<p>{mention(alice)} {mention(carol)} {mention(bob)} {mention(erin)} second</p>")
    # carol, newly mentioned, is told; alice (mentioned before), bob (the editor) and erin (ignores bob) are not.
    assert Notification.objects.filter(recipient=alice).count() == 1
    [told] = Notification.objects.filter(recipient=carol)
    assert told.kind == Kind.MENTION and told.post_id == post.pk and told.actor == bob
    assert not Notification.objects.filter(recipient__in=[bob, erin]).exists()
    # Taking the mention out and putting it back tells nobody twice.
    edit(bob, f"<p>{mention(alice)} third</p>")
    edit(bob, f"<p>{mention(alice)} {mention(carol)} fourth</p>")
    assert Notification.objects.filter(recipient=carol).count() == 1
    assert stored(carol) == 1
    # A member who may not see the post is not told.
    private = make_member("outsider", group="Moderators", mfa=True)
    ForumPermission.objects.create(forum=topic.forum, group=private.primary_group, can_see=False, can_read=False)
    edit(moderator, f"<p>{mention(alice)} {mention(carol)} {mention(private)} {mention(dave)} fifth</p>")
    assert not Notification.objects.filter(recipient=private).exists()
    [told] = Notification.objects.filter(recipient=dave)
    assert told.actor == moderator


def test_an_edit_of_a_held_post_tells_nobody_until_it_is_published(topic, alice, bob, moderator,
                                                                    django_capture_on_commit_callbacks):
    held = Post.objects.create(topic=topic, position=10, author=bob, author_name="bob", content="<p>held</p>",
                               state=Post.State.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.edit_post(held, bob, f"<p>{mention(alice)} held</p>")
    assert not Notification.objects.filter(recipient=alice).exists()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_post(Post.objects.get(pk=held.pk), moderator)
    assert list(Notification.objects.filter(recipient=alice).values_list("kind", flat=True)) == [Kind.MENTION]


# 3. One switch that stops every email -----------------------------------------------------------------------------
def test_stop_all_emails_stops_immediate_and_digest_emails_but_not_the_bell(
        client, topic, alice, bob, make_member, django_capture_on_commit_callbacks):
    from notifications.emails import send_digests, send_immediate

    follow(alice, topic)
    client.force_login(alice)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Stop all notification emails" in page
    # A mention made before the switch, whose email the worker has not sent yet, is not sent either.
    post = Post.objects.create(topic=topic, position=20, author=bob, author_name="bob",
                               content=f"<p>{mention(alice)} queued</p>")
    notifications.notify([alice.pk], kind=Kind.MENTION, event="queued", actor=bob, topic=topic, post=post)
    form = {"auto_follow": "on", "language": "", "no_email": "on",
            **{f"email_{kind.value}": "immediate" for kind in Kind}}
    assert client.post(reverse("notifications:settings"), form).status_code == 302
    preferences = Preferences.objects.get(member=alice)
    assert preferences.no_email and preferences.delivery(Kind.REPLY) == "immediate"  # the choices are kept
    mail.outbox.clear()
    send_immediate(list(Notification.objects.filter(recipient=alice).values_list("pk", flat=True)))
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} now</p>")
    reply(django_capture_on_commit_callbacks, topic, make_member("carol"), "<p>followed news</p>")
    send_digests()
    assert [m for m in mail.outbox if m.to == ["alice@example.org"]] == []
    assert stored(alice) == 3 and bell(client) == 3  # on the site, all of them
    # Turned off again, emails come back (for what happens from then on).
    form["no_email"] = ""
    client.post(reverse("notifications:settings"), form)
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} later</p>")
    assert len([m for m in mail.outbox if m.to == ["alice@example.org"]]) == 1


def test_the_unsubscribe_page_offers_stopping_all_emails(client, topic, alice, bob,
                                                        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    reply(django_capture_on_commit_callbacks, topic, bob, f"<p>{mention(alice)} hi</p>")
    [message] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    path = re.sub(r"^https?://[^/]+", "", message.extra_headers["List-Unsubscribe"][1:-1])
    assert "Stop all notification emails" in client.get(path).content.decode()
    # A mail client's one-click POST stops that kind only.
    client.post(path, {"List-Unsubscribe": "One-Click"})
    assert not Preferences.objects.get(member=alice).no_email
    response = client.post(path, {"all": "1"})
    assert response.status_code == 200 and "no more notification emails" in response.content.decode()
    assert Preferences.objects.get(member=alice).no_email
