"""activity's part of the topic page's one topic query (forum.signals.topic_page_columns): for a member, the guests'
permission row of the topic's forum, so that the page's feed link knows whether guests may read the topic (the feed
is for guests) without a query of its own."""

from django.dispatch import receiver

from forum import permissions
from forum import signals as forum_signals

GUEST_ROW = "activity_guest_row"


@receiver(forum_signals.topic_page_columns, dispatch_uid="activity.topic_page_columns")
def topic_page_columns(sender, viewer, **kwargs):
    if not viewer.is_authenticated:
        return {}  # a guest's own permissions are loaded for the page already
    return {GUEST_ROW: permissions.guest_row()}
