"""Shared fixtures. The suite runs on PostgreSQL only: `make test` finds one (see config/localdb.py)."""

import os

import pytest
from django.db import connection

from config.localdb import INSTALL_HINT

# Playwright's sync API runs an event loop in this thread; the ORM calls that browser tests make beside it are
# still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_finish(session):
    if connection.vendor != "postgresql":
        pytest.exit(f"These tests run on PostgreSQL, not {connection.vendor}. {INSTALL_HINT}", returncode=2)


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """A request in Chinese leaves Chinese active in the thread (LocaleMiddleware does not reset it); tests that
    call code directly expect the site's default language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """What one test leaves in the cache (pages, rate-limit counts, counters, the IP-ban list) must not reach the
    next: it outlives the rolled-back database. Only this run's keys go (settings_test gives the test cache a prefix
    of its own). The test database starts with no bans, so the IP-ban list starts known and empty, as on a running
    board with a warm cache: query counts measure pages, not a cold cache."""
    from django.core.cache import cache

    from moderation.ip_bans import prime

    cache.clear()
    prime([])
    yield


@pytest.fixture
def board_settings(db):
    """board_settings(flood_seconds=30, held_words="casino") changes the board's settings as /mod/settings/ does
    (stored in the database, read back through the shared cache's new version) and returns them."""
    from boardsettings import store

    def change(**values):
        store.save(values)
        return store.current()

    return change


@pytest.fixture
def groups(db):
    from importlib import import_module

    from django.apps import apps

    from accounts.models import MemberGroup

    if not MemberGroup.objects.exists():  # a transactional (browser) test flushed the rows the migration seeded
        import_module("accounts.migrations.0002_seed_groups_and_terms").seed(apps, None)
    return {g.name: g for g in MemberGroup.objects.all()}


@pytest.fixture
def make_member(db, groups):
    """make_member("alice") -> an active member with a verified email and the password "correct horse battery".
    Administrators and moderators get an authenticator app (TOTP), as staff must; `mfa=` overrides that."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User

    def make(username="member", group="Members", verified=True, mfa=None, **fields):
        user = User(username=username, email=fields.pop("email", f"{username}@example.org"),
                    primary_group=groups[group], **fields)
        user.set_password("correct horse battery")
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        if mfa if mfa is not None else group in ("Administrators", "Moderators"):
            TOTP.activate(user, generate_totp_secret())
        return user

    return make


@pytest.fixture
def member(make_member):
    return make_member("member")


@pytest.fixture
def admin_user(make_member):
    return make_member("boardadmin", group="Administrators")


@pytest.fixture
def board(db):
    """A category with one forum."""
    from forum.models import Category, Forum

    category = Category.objects.create(name="General")
    return Forum.objects.create(category=category, name="Chat", description="Anything goes")


@pytest.fixture
def make_topic(board, member):
    """make_topic(posts=N) -> a topic of N visible posts by `member`, made in bulk (fast for hundreds)."""
    from forum import services
    from forum.models import Forum, Post, Topic

    def make(posts=1, title="A topic", forum=None, author=None, **topic_fields):
        author = author or member
        topic = services.create_topic(forum or board, author, title, "<p>Post 1</p>")
        if posts > 1:
            Post.objects.bulk_create(
                Post(topic=topic, position=n, author=author, author_name=author.username, content=f"<p>Post {n}</p>")
                for n in range(2, posts + 1)
            )
            Topic.objects.filter(pk=topic.pk).update(last_position=posts, post_count=posts)
            Forum.objects.filter(pk=topic.forum_id).update(post_count=posts)
        if topic_fields:
            Topic.objects.filter(pk=topic.pk).update(**topic_fields)
        topic.refresh_from_db()
        return topic

    return make


@pytest.fixture
def demo_board(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))


@pytest.fixture
def reaction_types(db):
    """The default reactions {name: ReactionType} (re-made after a transactional test flushed them)."""
    from importlib import import_module

    from django.apps import apps

    from reactions.models import ReactionType
    from reactions.queries import forget_types

    if not ReactionType.objects.exists():
        import_module("reactions.migrations.0002_seed_default_reactions").seed(apps, None)
    forget_types()
    yield {kind.name: kind for kind in ReactionType.objects.all()}
    forget_types()
