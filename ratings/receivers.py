"""ratings' part of the topic page's one topic query (forum.signals.topic_page_columns): the stars the member gave."""

from django.db.models import OuterRef, Subquery
from django.dispatch import receiver

from forum import signals as forum_signals

from .models import Rating

MINE = "ratings_mine"


@receiver(forum_signals.topic_page_columns, dispatch_uid="ratings.topic_page_columns")
def topic_page_columns(sender, viewer, **kwargs):
    if not viewer.is_authenticated:
        return {}
    return {MINE: Subquery(Rating.objects.filter(topic=OuterRef("pk"), user_id=viewer.pk).values("value")[:1])}
