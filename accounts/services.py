"""Every write to a member's own account: profile, last seen, deletion. One transaction each."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.content import sanitize_html
from forum.models import Post, Topic

from .models import User

LAST_SEEN_EVERY = timedelta(minutes=5)


SEEN_KEY = "accounts:seen:{}"


def touch_last_seen(user, now=None):
    """Signing in: written at once (a POST), at most once per five minutes."""
    now = now or timezone.now()
    if user.last_seen is None or now - user.last_seen >= LAST_SEEN_EVERY:
        User.objects.filter(pk=user.pk).update(last_seen=now)
        user.last_seen = now


def note_seen(user, now=None):
    """A member's request: when their stored "last seen" is five minutes old, the time goes to the shared cache
    (a GET writes nothing to the database); `manage.py flush_counts` writes it in batches."""
    now = now or timezone.now()
    if user.last_seen is None or now - user.last_seen >= LAST_SEEN_EVERY:
        cache.set(SEEN_KEY.format(user.pk), now.timestamp(), timeout=7 * 24 * 3600)


def last_seen(user):
    """When the member was last seen: the stored time or a later one still waiting in the cache."""
    waiting = cache.get(SEEN_KEY.format(user.pk))
    if waiting is not None:
        waiting = datetime.fromtimestamp(waiting, tz=dt_timezone.utc)
        if user.last_seen is None or waiting > user.last_seen:
            return waiting
    return user.last_seen


def flush_last_seen(chunk=1000):
    """Write the "last seen" times waiting in the cache; returns how many members were updated. Only members who
    signed in within a session's lifetime can have one waiting."""
    since = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    ids = User.objects.filter(last_login__gte=since).order_by("pk").values_list("pk", flat=True)
    updated = 0
    batch = []
    for user_id in [*ids.iterator(chunk_size=chunk), None]:
        if user_id is not None:
            batch.append(user_id)
            if len(batch) < chunk:
                continue
        keys = [SEEN_KEY.format(pk) for pk in batch]
        for key, stamp in cache.get_many(keys).items():
            seen = datetime.fromtimestamp(stamp, tz=dt_timezone.utc)
            updated += User.objects.filter(pk=int(key.rsplit(":", 1)[1])).filter(
                Q(last_seen__isnull=True) | Q(last_seen__lt=seen)).update(last_seen=seen)
            cache.delete(key)
        batch = []
    return updated


@transaction.atomic
def update_profile(user, display_name, signature, avatar_file=None, remove_avatar=False):
    user.display_name = display_name.strip()
    user.signature = sanitize_html(signature) if signature.strip() else ""
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar_file is not None:
        user.avatar.save(avatar_file.name, avatar_file, save=False)
    elif remove_avatar:
        user.avatar = ""
    user.save(update_fields=["display_name", "signature", "avatar"])
    if old_avatar and old_avatar != (user.avatar.name if user.avatar else ""):
        transaction.on_commit(lambda: user.avatar.storage.delete(old_avatar))
    return user


def former_member_name():
    return _("Former member")


@transaction.atomic
def delete_account(user, keep_name=False):
    """Remove a member and their personal data. Their posts and topics stay, under their username when they ask
    for it, otherwise under "Former member"; the IP addresses stored with them go."""
    name = user.username if keep_name else former_member_name()
    # Replies written as a guest and adopted, but never published, go with the account.
    Post.objects.filter(pending_guest__adopted_by=user).delete()
    Post.objects.filter(author=user).update(author=None, author_name=name, ip_address=None)
    Topic.objects.filter(author=user).update(author=None, author_name=name)
    avatar = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    user.delete()  # email addresses, authenticators, sessions' adopted guest posts go with the row
    if avatar:
        transaction.on_commit(lambda: storage.delete(avatar))
