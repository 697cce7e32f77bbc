from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver

from forum import signals as forum_signals

from . import services
from .models import ReadMarker

READ_POSITION = "unread_read_position"


@receiver(forum_signals.topic_page_columns, dispatch_uid="unread.topic_page_columns")
def topic_page_columns(sender, viewer, **kwargs):
    """How far the member has read this topic, fetched with the topic itself (None: never opened it)."""
    if not viewer.is_authenticated:
        return {}
    return {READ_POSITION: Subquery(ReadMarker.objects.filter(member_id=viewer.pk, topic=OuterRef("pk"))
                                    .values("position")[:1])}


@receiver(forum_signals.topic_viewed, dispatch_uid="unread.topic_viewed")
def topic_viewed(sender, topic, viewer, page, **kwargs):
    """A member read a page of a topic: they have read up to its last position (a guest's view writes nothing). The
    topic came with the member's marker (topic_page_columns): rereading what they have read writes nothing."""
    if not viewer.is_authenticated:
        return
    position = min(page * settings.AGORA_POSTS_PER_PAGE, topic.last_position)
    if position > (getattr(topic, READ_POSITION, None) or 0):
        services.record(viewer, topic, position)
