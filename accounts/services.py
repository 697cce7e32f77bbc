"""Every write to a member's own account: profile, last seen, deletion. One transaction each."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.content import sanitize_html
from forum.models import Post, Topic

from .models import User

LAST_SEEN_EVERY = timedelta(minutes=5)


def touch_last_seen(user, now=None):
    """At most one write per member per five minutes."""
    now = now or timezone.now()
    if user.last_seen is None or now - user.last_seen >= LAST_SEEN_EVERY:
        User.objects.filter(pk=user.pk).update(last_seen=now)
        user.last_seen = now


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
