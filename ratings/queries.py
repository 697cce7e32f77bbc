from django.utils.formats import number_format
from django.utils.translation import gettext as _, ngettext

from forum.permissions import rate_refusal

from .models import STARS, Rating
from .receivers import MINE


def member_rating(topic, user):
    """The stars `user` gave `topic`, or None: none for guests, and no query for a topic from the topic page's query,
    which knows already (receivers.topic_page_columns); one query otherwise."""
    if not user.is_authenticated:
        return None
    if hasattr(topic, MINE):
        return getattr(topic, MINE)
    return Rating.objects.filter(topic=topic, user=user).values_list("value", flat=True).first()


def rating_summary(topic):
    """"4.2 out of 5, 12 ratings": the average to one decimal and the number of ratings."""
    if not topic.rating_count:
        return _("Not rated yet")
    return ngettext("%(average)s out of 5, %(count)s rating", "%(average)s out of 5, %(count)s ratings",
                    topic.rating_count) % {"average": number_format(topic.rating_average, 1),
                                          "count": topic.rating_count}


def rating_panel(topic, user):
    """What the "Rate this topic" block in the topic header needs, or None when the forum has rating turned off."""
    if not topic.forum.allow_rating:
        return None
    refusal = rate_refusal(user, topic)
    return {
        "stars": STARS,
        "mine": member_rating(topic, user) if refusal is None else None,
        "refusal": refusal,
        "summary": rating_summary(topic),
        # The average as whole stars for the read-only star bar (4.5 shows 5).
        "filled": int(topic.rating_average + 0.5) if topic.rating_count else 0,
    }
