"""A small board for the moderation tests: forum A (moderated by `moderator`) and forum B (moderated by `other_mod`),
topics written through the services so that every counter starts right."""

import pytest
from django.contrib.auth import get_user_model

from forum import services
from forum.models import Category, Forum, Post, Topic
from moderation import counters
from moderation.models import TOOL_NAMES, Ban, ModerationLog, Moderator, PostRevision, Report


def counters_are_right():
    """Recount everything inside a rolled-back savepoint: the list of changes must be empty."""
    from django.db import transaction

    class Rollback(Exception):
        pass

    changes = []
    try:
        with transaction.atomic():
            changes += counters.recount_topics(Topic.objects.all())
            changes += counters.recount_forums(Forum.objects.all())
            changes += counters.recount_users(get_user_model().objects.all())
            raise Rollback
    except Rollback:
        pass
    return [(type(o).__name__, o.pk, f, old, new) for o, f, old, new in changes]


def snapshot():
    """Everything a moderation action could change."""
    return (
        list(Topic.objects.order_by("pk").values()), list(Post.objects.order_by("pk").values()),
        list(Forum.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("pk").values("pk", "post_count", "suspended_until",
                                                             "primary_group_id")),
        ModerationLog.objects.count(), PostRevision.objects.count(), Ban.objects.count(),
        list(Report.objects.order_by("pk").values("pk", "handled_at")),
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """These tests make several members each; the default hasher would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scene(db, board, make_member, member):
    bob = make_member("bob")
    forum_b = Forum.objects.create(category=board.category, name="Other forum")
    forum_c = Forum.objects.create(category=board.category, name="Archive")
    moderator = make_member("moddy", mfa=True)
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board, forum_c)
    other_mod = make_member("othermod", mfa=True)
    Moderator.objects.create(user=other_mod, tools=TOOL_NAMES).forums.add(forum_b)
    topic = services.create_topic(board, member, "Main topic", "<p>one</p>")
    for n, author in enumerate([bob, member, bob], start=2):
        services.reply(topic, author, f"<p>reply {n}</p>")
    second = services.create_topic(board, bob, "Second topic", "<p>second one</p>")
    services.reply(second, member, "<p>second two</p>")
    elsewhere = services.create_topic(forum_b, bob, "Elsewhere", "<p>b one</p>")
    # A guest's reply waiting for approval, made directly as issue 5's guest posting would leave it.
    topic.refresh_from_db()
    pending = Post.objects.create(topic=topic, position=topic.last_position + 1, author_name="Visitor",
                                  content="<p>guest words</p>", state=Post.State.PENDING,
                                  state_reason="Posts by guests are approved by a moderator.")
    Topic.objects.filter(pk=topic.pk).update(last_position=pending.position)
    posts = list(Post.objects.filter(topic=topic).order_by("position"))
    Report.objects.create(post=posts[1], reporter=member, reason="spam", note="buy now")
    for obj in (topic, second, elsewhere):
        obj.refresh_from_db()
    return {"forum": board, "forum_b": forum_b, "forum_c": forum_c, "topic": topic, "second": second, "elsewhere": elsewhere,
            "posts": posts, "pending": pending, "member": member, "bob": bob, "moderator": moderator,
            "other_mod": other_mod}
