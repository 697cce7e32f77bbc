"""Board settings live in the database: administrators change them from /mod/settings/, every change is logged, and
each takes effect at the next request, without a restart (read through the shared cache's version key)."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boardsettings import store
from boardsettings.models import FIELDS, BoardSettings
from forum import services
from forum.models import Post, Topic
from guestposts.models import PendingGuestPost
from moderation.models import ModerationLog

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

URL = reverse("moderation:board_settings")


def form_data(**changes):
    """The page's form as it shows the current settings, with `changes`."""
    current = store.current()
    data = {name: value for name, value in current.values().items()
            if name not in ("flood_seconds_by_group", "require_verified_email_to_post")}
    data["flood_seconds_by_group"] = "\n".join(f"{k} = {v}" for k, v in current.flood_seconds_by_group.items())
    if current.require_verified_email_to_post:
        data["require_verified_email_to_post"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def save_from_page(client, **changes):
    response = client.post(URL, form_data(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def forget_process_copy():
    """What another process sees: nothing in its memory, only the shared cache (and the database behind it)."""
    store._memo.clear()


def reply(client, topic, text):
    return client.post(reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                       {"content": f"<p>{text}</p>", "submission_key": str(uuid.uuid4())})


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return admin_user


def test_the_first_values_come_from_the_environment_and_reading_writes_nothing(db, settings):
    settings.AGORA_RECYCLE_BIN_DAYS = 12
    settings.AGORA_HELD_WORDS = ["casino", "pills"]
    current = store.current()
    assert current.recycle_bin_days == 12 and current.held_word_list == ["casino", "pills"]
    assert not BoardSettings.objects.exists()


def test_a_warm_read_costs_no_query(db):
    store.current()
    with CaptureQueriesContext(connection) as queries:
        store.current()
        forget_process_copy()
        store.current()  # another process: the shared cache answers
    assert len(queries) == 0


def test_held_words_take_effect_at_once_and_are_logged(client, scene, admin):
    save_from_page(client, held_words="casino, cheap pills")
    entry = ModerationLog.objects.get(action="board_settings")
    assert entry.actor == admin and 'held_words: "" → "casino\\ncheap pills"' in entry.reason
    client.force_login(scene["bob"])
    reply(client, scene["topic"], "Visit my CASINO")
    held = Post.objects.filter(topic=scene["topic"]).order_by("-position").first()
    assert held.state == Post.State.PENDING and held.state_reason == "The post contains a word on the watch list."
    # From a fresh cache read too (another process), and once taken out again, posts go through.
    forget_process_copy()
    assert store.current().held_word_list == ["casino", "cheap pills"]
    client.force_login(admin)
    save_from_page(client, held_words="")
    client.force_login(scene["bob"])
    reply(client, scene["topic"], "Visit my casino")
    assert Post.objects.filter(topic=scene["topic"]).order_by("-position").first().state == Post.State.VISIBLE


def test_approve_first_posts_and_links_from_new_members(client, scene, admin):
    save_from_page(client, approve_first_posts=50)
    forget_process_copy()
    assert services.reply(scene["topic"], scene["bob"], "<p>hi</p>").state == Post.State.PENDING
    save_from_page(client, approve_first_posts=0, hold_links_under_posts=50)
    forget_process_copy()
    assert services.reply(scene["topic"], scene["bob"], "<p>hi</p>").state == Post.State.VISIBLE
    link = services.reply(scene["topic"], scene["bob"], '<p><a href="https://example.com/">x</a></p>')
    assert link.state == Post.State.PENDING and "link" in link.state_reason
    assert ModerationLog.objects.filter(action="board_settings").count() == 2


def test_flood_control_by_default_and_by_group(client, scene, admin, make_member):
    poster = make_member("poster")
    save_from_page(client, flood_seconds=30, flood_seconds_by_group="Moderators = 0")
    forget_process_copy()
    client.force_login(poster)
    assert reply(client, scene["topic"], "first").status_code == 302
    assert reply(client, scene["topic"], "second").status_code == 429
    moderator = make_member("groupmod", group="Moderators")
    client.force_login(moderator)
    assert reply(client, scene["topic"], "one").status_code == 302
    assert reply(client, scene["topic"], "two").status_code == 302
    client.force_login(admin)
    save_from_page(client, flood_seconds=0)
    client.force_login(poster)
    assert reply(client, scene["topic"], "third").status_code == 302
    entry = ModerationLog.objects.filter(action="board_settings").first()
    assert "flood_seconds: 30 → 0" in entry.reason


def test_verified_email_requirement(client, scene, admin, make_member):
    unverified = make_member("fresh", verified=False)
    client.force_login(unverified)
    assert reply(client, scene["topic"], "hello").status_code == 403
    client.force_login(admin)
    save_from_page(client, require_verified_email_to_post=None)  # the checkbox left unticked
    forget_process_copy()
    assert store.current().require_verified_email_to_post is False
    client.force_login(unverified)
    assert reply(client, scene["topic"], "hello").status_code == 302


def test_guest_limits(client, scene, admin):
    from guestposts import services as guest_services

    scene["forum"].allow_guest_posts = True
    scene["forum"].save()
    save_from_page(client, guest_posts_per_hour=1, guest_posts_per_email=5)
    forget_process_copy()
    guest_services.submit({}, scene["topic"], "<p>one</p>", "a@example.net", "203.0.113.5", "http://testserver/")
    with pytest.raises(guest_services.GuestPostRefused):
        guest_services.submit({}, scene["topic"], "<p>two</p>", "b@example.net", "203.0.113.5",
                              "http://testserver/")
    save_from_page(client, guest_posts_per_hour=5, guest_posts_per_email=1)
    with pytest.raises(guest_services.GuestPostRefused):
        guest_services.submit({}, scene["topic"], "<p>three</p>", "a@example.net", "203.0.113.6",
                              "http://testserver/")
    guest_services.submit({}, scene["topic"], "<p>four</p>", "c@example.net", "203.0.113.6", "http://testserver/")
    assert PendingGuestPost.objects.count() == 2


def test_recycle_bin_days_set_what_the_purge_removes(client, scene, admin):
    Topic.objects.filter(pk=scene["second"].pk).update(deleted_at=timezone.now() - timedelta(days=10))
    call_command("purge_recycle_bin", stdout=open("/dev/null", "w"))
    assert Topic.objects.filter(pk=scene["second"].pk).exists()  # 30 days by default
    save_from_page(client, recycle_bin_days=7)
    forget_process_copy()
    call_command("purge_recycle_bin", stdout=open("/dev/null", "w"))
    assert not Topic.objects.filter(pk=scene["second"].pk).exists()


def test_a_new_version_reaches_a_process_that_kept_the_old_one(db, admin_user):
    """Another process holds the old values in memory: the version key tells it they are stale."""
    old = store.current()
    other_process_memo = dict(store._memo)
    from moderation.board_settings_views import save_board_settings

    save_board_settings({"recycle_bin_days": old.recycle_bin_days + 5}, admin_user)
    store._memo.clear()
    store._memo.update(other_process_memo)
    assert store.current().recycle_bin_days == old.recycle_bin_days + 5


def test_bad_input_gets_clear_errors_and_keeps_what_was_typed(client, scene, admin):
    response = client.post(URL, form_data(flood_seconds=-3, recycle_bin_days=0,
                                          flood_seconds_by_group="Nobody = 5\nModerators = soon",
                                          held_words="kept words"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "“Nobody” is not a member group." in page and "“Moderators = soon”" in page
    assert "kept words" in page and "Nobody = 5" in page
    assert not ModerationLog.objects.filter(action="board_settings").exists()
    assert not BoardSettings.objects.exists()


def test_nothing_changed_logs_nothing(client, scene, admin):
    save_from_page(client)
    assert not ModerationLog.objects.filter(action="board_settings").exists()


@pytest.mark.parametrize("who", ["guest", "member", "moderator", "admin_without_mfa"])
def test_refused_for_everyone_but_administrators_with_two_factor(client, scene, make_member, who):
    if who == "member":
        client.force_login(scene["bob"])
    elif who == "moderator":
        client.force_login(scene["moderator"])
    elif who == "admin_without_mfa":
        client.force_login(make_member("lateadmin", group="Administrators", mfa=False))
    data = form_data(recycle_bin_days=2)
    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, data).status_code in (302, 403)
    assert store.current().recycle_bin_days == 30 and not BoardSettings.objects.exists()
    assert not ModerationLog.objects.exists()


def test_the_page_shows_the_settings_in_chinese(client, admin):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(URL).content.decode()
    assert "论坛设置" in page and 'name="recycle_bin_days"' in page


def test_the_log_reads_the_change_as_a_sentence(client, scene, admin):
    save_from_page(client, flood_seconds=20)
    page = client.get(reverse("moderation:log")).content.decode()
    assert "changed the board settings" in page and "flood control (seconds): 0 → 20" in page
    assert cache.get(store.VERSION_KEY) is not None
    assert set(FIELDS) <= {f.name for f in BoardSettings._meta.get_fields()}


def test_every_setting_is_saved_and_logged_from_what_to_what(client, scene, admin):
    save_from_page(client, approve_first_posts=3, held_words="casino\n\nfree money, pills",
                   hold_links_under_posts=4, require_verified_email_to_post=None, flood_seconds=9,
                   flood_seconds_by_group="Members = 5\n\nModerators=0", guest_posts_per_hour=7,
                   guest_posts_per_email=8, recycle_bin_days=60)
    entry = ModerationLog.objects.get(action="board_settings")
    assert {line.split(":")[0] for line in entry.reason.splitlines()} == set(FIELDS)
    assert 'flood_seconds_by_group: {} → {"Members": 5, "Moderators": 0}' in entry.reason
    forget_process_copy()
    assert store.current().values() == {
        "approve_first_posts": 3, "held_words": "casino\nfree money\npills", "hold_links_under_posts": 4,
        "require_verified_email_to_post": False, "flood_seconds": 9,
        "flood_seconds_by_group": {"Members": 5, "Moderators": 0}, "guest_posts_per_hour": 7,
        "guest_posts_per_email": 8, "recycle_bin_days": 60}
    assert BoardSettings.objects.get().values() == store.current().values()


def test_a_request_reads_the_settings_once(db, admin_user):
    """A page asks many times (each of the viewer's posts): it reads them once, and keeps them until it ends."""
    from moderation.board_settings_views import save_board_settings

    with store.request_scope():
        first = store.current()
        cache.incr(store.VERSION_KEY)  # another process saved meanwhile
        assert store.current() is first
        save_board_settings({"recycle_bin_days": 3}, admin_user)  # this request's own save is seen at once
        assert store.current().recycle_bin_days == 3
    store._memo.clear()
    assert store.current().recycle_bin_days == 3
