from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import permissions

from ..receivers import GUEST_ROW

register = template.Library()

_FEED_PAGES = {"forum:index", "forum:forum", "forum:forum_page", "forum:topic", "forum:topic_page",
               "activity:activity"}


def _guest(user):
    """The viewer when it is a guest (its permissions are already loaded for this request), else a guest."""
    return user if not user.is_authenticated else AnonymousUser()


@register.inclusion_tag("activity/_feed_link.html", takes_context=True)
def feed_link(context):
    """<link rel="alternate"> to the Atom feed of the page's board, forum or topic, where guests may read it."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else None
    if name not in _FEED_PAGES:
        return {}
    if name in ("forum:topic", "forum:topic_page"):
        topic = context.get("topic")
        if topic is None:
            return {}
        if request.user.is_authenticated:
            # A member: the guests' row of the topic's forum came with the topic's own query (activity.receivers), so
            # the one rule answers for a guest without a query.
            if not hasattr(topic, GUEST_ROW):
                return {}
            guest = permissions.guest_in(topic.forum_id, getattr(topic, GUEST_ROW))
        else:
            guest = request.user  # a guest reading it, whose permissions are loaded already
        if not permissions.can_view_topic(guest, topic):
            return {}
        return {"href": reverse("activity:topic_feed", args=[topic.pk]), "title": topic.title}
    if name in ("forum:forum", "forum:forum_page"):
        forum = context.get("forum")
        guest = permissions.viewer(_guest(request.user))
        if forum is None or not (guest.forum_perm(forum.pk, "can_see") and guest.forum_perm(forum.pk, "can_read")):
            return {}
        return {"href": reverse("activity:forum_feed", args=[forum.pk]), "title": forum.name}
    return {"href": reverse("activity:board_feed"), "title": None}
