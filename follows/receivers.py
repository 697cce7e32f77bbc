"""follows' part of the topic page's one topic query (forum.signals.topic_page_columns): the follower count and,
for a member, whether they follow the topic, so the "Follow" button costs no query of its own."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from forum import signals as forum_signals

from .models import Follow

FOLLOWER_COUNT = "follows_count"
FOLLOWING = "follows_mine"


@receiver(forum_signals.topic_page_columns, dispatch_uid="follows.topic_page_columns")
def topic_page_columns(sender, viewer, **kwargs):
    followers = (Follow.objects.filter(topic=OuterRef("pk")).order_by().values("topic")
                 .annotate(n=Count("pk")).values("n"))
    columns = {FOLLOWER_COUNT: Coalesce(Subquery(followers, output_field=IntegerField()), Value(0))}
    if viewer.is_authenticated:
        columns[FOLLOWING] = Exists(Follow.objects.filter(topic=OuterRef("pk"), member_id=viewer.pk))
    return columns
