"""Short link writes."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from forum import permissions

from .models import ShortLink

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CODE_LENGTH = 7  # 62**7 is about 3.5 * 10**12: random codes, so one link says nothing about the next


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


class TargetNotFound(Exception):
    """The topic or post does not exist or `actor` may not see it (the same answer for both: a 404)."""


def short_link_for(actor, topic=None, post=None):
    """The short link of a post (or, without one, of a topic) that `actor` may see, made on first asking:
    (link, created). Raises TargetNotFound otherwise.

    The database's unique constraint on the target decides races: when two visitors ask at once, the second insert
    fails, and the code the first one stored is returned to both."""
    if post is not None:
        visible = permissions.can_view_post(actor, post, post.topic)
    else:
        visible = topic is not None and permissions.can_view_topic(actor, topic)
    if not visible:
        raise TargetNotFound
    target = {"post": post} if post is not None else {"topic": topic}
    link = ShortLink.objects.filter(**target).first()
    if link:
        return link, False
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ShortLink.objects.create(code=new_code(), **target), True
        except IntegrityError:
            link = ShortLink.objects.filter(**target).first()
            if link:
                return link, False
            # Otherwise the random code was taken by another target: draw again.
    raise RuntimeError("could not find a free short link code")


def count_visit(link):
    ShortLink.objects.filter(pk=link.pk).update(visits=F("visits") + 1)
