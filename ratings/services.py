"""Rating writes. Every rating write locks the topic row first, so the ratings of one topic are written one at a
time: the member's previous rating is read under that lock and the topic's counters move with database-side
arithmetic in the same transaction. 50 members rating at once give exactly 50; one member submitting 10 times at
once leaves one row and a total that matches it."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.models import Topic
from forum.permissions import rate_refusal
from serving.pagecache import topic_changed

from .models import STARS, Rating


class RatingRefused(Exception):
    """The viewer may not rate this topic; the message says why."""


def _lock(topic, user):
    locked = Topic.objects.select_for_update().select_related("forum").get(pk=topic.pk)
    # Asked again under the lock: the topic may have been locked or hidden since the page was shown.
    refusal = rate_refusal(user, locked)
    if refusal:
        raise RatingRefused(refusal)
    return locked


@transaction.atomic
def rate_topic(topic, user, value):
    """Give `topic` `value` stars from `user`, replacing their earlier rating. Returns the topic, refreshed."""
    if type(value) is not int or value not in STARS:  # not 2.0, "2" or True either
        raise ValueError(value)
    locked = _lock(topic, user)
    now = timezone.now()
    previous = Rating.objects.filter(topic=locked, user=user).values_list("value", flat=True).first()
    if previous is None:
        Rating.objects.create(topic=locked, user=user, value=value, created_at=now, updated_at=now)
        Topic.objects.filter(pk=locked.pk).update(rating_total=F("rating_total") + value,
                                                  rating_count=F("rating_count") + 1)
    elif previous != value:
        Rating.objects.filter(topic=locked, user=user).update(value=value, updated_at=now)
        Topic.objects.filter(pk=locked.pk).update(rating_total=F("rating_total") + (value - previous))
    locked.refresh_from_db(fields=["rating_total", "rating_count"])
    topic_changed(locked.pk, locked.forum_id)  # the stars on the topic page and in its forum's list
    return locked


@transaction.atomic
def remove_rating(topic, user):
    """Take back `user`'s rating of `topic`, if any. Returns the topic, refreshed."""
    locked = _lock(topic, user)
    deleted = list(Rating.objects.filter(topic=locked, user=user).values_list("value", flat=True))
    if deleted:
        Rating.objects.filter(topic=locked, user=user).delete()
        Topic.objects.filter(pk=locked.pk).update(rating_total=F("rating_total") - deleted[0],
                                                  rating_count=F("rating_count") - 1)
    locked.refresh_from_db(fields=["rating_total", "rating_count"])
    topic_changed(locked.pk, locked.forum_id)  # the stars on the topic page and in its forum's list
    return locked

