from django.conf import settings
from django.dispatch import receiver

from forum import signals as forum_signals

from . import services


@receiver(forum_signals.topic_viewed, dispatch_uid="unread.topic_viewed")
def topic_viewed(sender, topic, viewer, page, **kwargs):
    """A member read a page of a topic: they have read up to its last position (a guest's view writes nothing)."""
    if viewer.is_authenticated:
        services.record(viewer, topic, min(page * settings.AGORA_POSTS_PER_PAGE, topic.last_position))
