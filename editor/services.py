"""Writes for the editor: drafts and posting once per form (uploads are the attachments app's)."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Draft, Submission


def _draft_place(topic=None, forum=None):
    return {"topic": topic, "forum": None} if topic else {"topic": None, "forum": forum}


def save_draft(user, content, topic=None, forum=None):
    """Keep (or, when empty, forget) the member's draft for a topic or for a new topic in a forum."""
    place = _draft_place(topic, forum)
    if not content.strip():
        Draft.objects.filter(user=user, **place).delete()
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, **place, defaults={"content": content, "updated_at": timezone.now()})
    return draft


def get_draft(user, topic=None, forum=None):
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, **_draft_place(topic, forum)).first()


def clear_draft(user, topic=None, forum=None):
    if user.is_authenticated:
        Draft.objects.filter(user=user, **_draft_place(topic, forum)).delete()


def parse_key(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def post_once(key, user, create):
    """Run `create()` (which returns the new Post) unless this form's key already made a post: then return that
    post instead. Two submits racing each other: the second insert of the key fails, its post is rolled back, and
    the first one's post is returned. Returns (post, created)."""
    key = parse_key(key)
    author = user if user.is_authenticated else None
    if key is None:
        return create(), True
    earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
    if earlier is not None and earlier.user_id == (author.pk if author else None):
        return earlier.post, False
    try:
        with transaction.atomic():
            post = create()
            if earlier is None:
                Submission.objects.create(key=key, user=author, post=post)
            return post, True
    except IntegrityError:
        earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
        if earlier is None:
            raise
        return earlier.post, False
