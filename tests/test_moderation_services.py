"""Every moderation write checks who is acting itself: called directly (as a script, the Django admin or a future
view would), with an actor who lacks the tool, it raises ModerationRefused and changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum.models import Post, Topic
from forum.refusals import Refused
from moderation import services
from moderation.models import TOOL_NAMES, Ban, ModerationLog, Moderator, PostRevision, Warning
from recommendations import services as recommendations
from recommendations.models import Recommendation

from .moderation_fixtures import fast_passwords, scene, snapshot  # noqa: F401


def everything():
    return snapshot(), Warning.objects.count(), list(Recommendation.objects.values()), \
        list(Ban.objects.order_by("pk").values())


def post(s, position):
    return s["posts"][position - 1]


def _deleted(s):
    Topic.objects.filter(pk=s["second"].pk).update(deleted_at=timezone.now())
    return Topic.objects.get(pk=s["second"].pk)


def _revision(s):
    return PostRevision.objects.create(post=post(s, 2), content="<p>older</p>", editor_name="bob")


def _recommended(s):
    Recommendation.objects.create(post=post(s, 2), topic=s["topic"])
    return post(s, 2)


# name -> (prepare(scene) -> argument, act(scene, argument, actor)): every service that writes.
TOPIC_AND_POST_SERVICES = {
    **{f"topic_{action}": (lambda s: s["topic"], lambda s, t, a, action=action: services.set_topic_flag(t, action, a))
       for action in services.TOPIC_FLAGS},
    "rename_topic": (lambda s: s["topic"], lambda s, t, a: services.rename_topic(t, "Renamed", a)),
    "delete_topic": (lambda s: s["topic"], lambda s, t, a: services.delete_topic(t, a)),
    "restore_topic": (_deleted, lambda s, t, a: services.restore_topic(t, a)),
    "move_topic": (lambda s: s["topic"], lambda s, t, a: services.move_topic(t, s["forum_c"], a)),
    "merge_topics": (lambda s: s["second"], lambda s, t, a: services.merge_topics(t, s["topic"], a)),
    "split_topic": (lambda s: s["topic"], lambda s, t, a: services.split_topic(t, [post(s, 2).pk], "Split", a)),
    "hide_post": (lambda s: post(s, 2), lambda s, p, a: services.hide_post(p, a)),
    "unhide_post": (lambda s: post(s, 2), lambda s, p, a: services.unhide_post(p, a)),
    "delete_post": (lambda s: post(s, 2), lambda s, p, a: services.delete_post(p, a)),
    "restore_post": (lambda s: post(s, 2), lambda s, p, a: services.restore_post(p, a)),
    "approve_post": (lambda s: s["pending"], lambda s, p, a: services.approve_post(p, a)),
    "reject_post": (lambda s: s["pending"], lambda s, p, a: services.reject_post(p, a)),
    "edit_post": (lambda s: post(s, 2), lambda s, p, a: services.edit_post(p, a, "<p>vandalised</p>")),
    "restore_revision": (_revision, lambda s, r, a: services.restore_revision(r, a)),
    "close_reports": (lambda s: post(s, 2), lambda s, p, a: services.close_reports(p, a)),
    "recommend_post": (lambda s: post(s, 2), lambda s, p, a: recommendations.recommend_post(p, a, "good")),
    "unrecommend_post": (_recommended, lambda s, p, a: recommendations.unrecommend_post(p, a)),
}

MEMBER_SERVICES = {
    "warn_member": lambda s, m, a: services.warn_member(m, a, "be nice"),
    "suspend_member": lambda s, m, a: services.suspend_member(m, a, timezone.now() + timedelta(days=1)),
    "lift_suspension": lambda s, m, a: services.lift_suspension(m, a),
    "ban_member": lambda s, m, a: services.ban_member(m, a, "spam"),
    "lift_ban": lambda s, m, a: services.lift_ban(m, a),
}

ADMIN_SERVICES = {
    "ban_value": (lambda s: None, lambda s, _, a: services.ban_value(Ban.Kind.IP, "192.0.2.0/24", a)),
    "lift_ip_ban": (lambda s: Ban.objects.create(kind=Ban.Kind.IP, value="192.0.2.1"),
                    lambda s, ban, a: services.lift(ban, a)),
    "set_member_group": (lambda s: s["bob"],
                         lambda s, m, a: services.set_member_group(m, s["moderator"].primary_group, a)),
    "save_forum_permissions": (lambda s: s["forum"],
                               lambda s, f, a: services.save_forum_permissions(f, {None: {"can_see": False}}, a)),
}


@pytest.fixture
def world(scene, make_member):
    """The moderation scene, plus staff who have not set up two-factor: a moderator of forum A with every tool and
    an administrator. Until they do, they hold no staff power."""
    lax_moderator = make_member("laxmod", mfa=False)
    Moderator.objects.create(user=lax_moderator, tools=TOOL_NAMES).forums.add(scene["forum"])
    return {**scene, "moderator_without_2fa": lax_moderator,
            "admin_without_2fa": make_member("laxadmin", group="Administrators", mfa=False)}


def actor(s, who):
    return AnonymousUser() if who == "guest" else s[who]


def refused_and_unchanged(act, who=""):
    before = everything()
    with pytest.raises(Refused):
        act()
        pytest.fail(f"not refused: {who}")
    assert everything() == before, f"changed by {who}'s refused call"


def prepared_then_refused(table, name, world, whos):
    """Each actor in turn (a refusal changes nothing, so one board serves them all)."""
    prepare, act = table[name]
    target = prepare(world)
    for who in whos:
        refused_and_unchanged(lambda: act(world, target, actor(world, who)), who)


# A member, a moderator of another forum, staff without two-factor and a guest hold no tool in forum A.
@pytest.mark.parametrize("name", TOPIC_AND_POST_SERVICES)
def test_topic_and_post_services_refuse_whoever_lacks_the_tool(world, name):
    prepared_then_refused(TOPIC_AND_POST_SERVICES, name, world,
                          ["member", "other_mod", "moderator_without_2fa", "admin_without_2fa", "guest"])


@pytest.mark.parametrize("name", TOPIC_AND_POST_SERVICES)
def test_the_forums_moderator_may_use_each_of_them(world, name):
    prepare, act = TOPIC_AND_POST_SERVICES[name]
    target = prepare(world)
    if name in ("unhide_post", "restore_post"):
        services.hide_post(target, world["moderator"])
    act(world, target, world["moderator"])
    assert ModerationLog.objects.filter(actor=world["moderator"]).exists()


@pytest.mark.parametrize("name", MEMBER_SERVICES)
def test_member_tools_refuse_whoever_holds_none(world, name):
    for who in ["member", "moderator_without_2fa", "admin_without_2fa", "guest"]:
        refused_and_unchanged(lambda: MEMBER_SERVICES[name](world, world["bob"], actor(world, who)), who)


@pytest.mark.parametrize("name", MEMBER_SERVICES)
def test_only_administrators_act_on_administrators(world, admin_user, name):
    refused_and_unchanged(lambda: MEMBER_SERVICES[name](world, admin_user, world["moderator"]))


@pytest.mark.parametrize("name", ADMIN_SERVICES)
def test_board_wide_services_refuse_all_but_administrators(world, name):
    prepared_then_refused(ADMIN_SERVICES, name, world, ["member", "moderator", "admin_without_2fa", "guest"])


@pytest.mark.parametrize("name", ADMIN_SERVICES)
def test_an_administrator_may_use_them(world, admin_user, name):
    prepare, act = ADMIN_SERVICES[name]
    act(world, prepare(world), admin_user)
    assert ModerationLog.objects.filter(actor=admin_user).exists()


def test_moving_into_a_forum_without_the_tool_is_refused(world):
    refused_and_unchanged(lambda: services.move_topic(world["topic"], world["forum_b"], world["moderator"]))
    refused_and_unchanged(lambda: services.merge_topics(world["elsewhere"], world["topic"], world["moderator"]))


def test_the_check_uses_the_row_as_it_is_under_the_lock(world):
    """A topic moved to forum B after the page was read: forum A's moderator can no longer pin it."""
    stale = world["topic"]
    Topic.objects.filter(pk=stale.pk).update(forum=world["forum_b"])
    refused_and_unchanged(lambda: services.set_topic_flag(stale, "pin", world["moderator"]))
    services.set_topic_flag(stale, "pin", world["other_mod"])
    assert Topic.objects.get(pk=stale.pk).is_pinned


def test_members_edit_their_own_posts_but_not_others(world):
    mine = post(world, 3)
    services.edit_post(mine, world["member"], "<p>fixed a typo</p>")
    assert Post.objects.get(pk=mine.pk).content == "<p>fixed a typo</p>"
    assert not ModerationLog.objects.filter(action="post_edit").exists()  # an author's own edit is no moderation


def test_guests_cannot_report_and_members_cannot_report_what_they_cannot_see(world):
    refused_and_unchanged(lambda: services.report_post(post(world, 2), AnonymousUser(), "spam"))
    refused_and_unchanged(lambda: services.report_post(world["pending"], world["bob"], "spam"))
    services.report_post(post(world, 2), world["bob"], "spam")
