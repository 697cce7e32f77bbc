from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import permissions

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
        # Guests only: they are reading it, so a guest may (no query); asking for a member would cost the topic page
        # a query beyond its fixed budget (tests/test_topic_page.py).
        topic = context.get("topic")
        if topic is None or request.user.is_authenticated or not permissions.can_view_topic(request.user, topic):
            return {}
        return {"href": reverse("activity:topic_feed", args=[topic.pk]), "title": topic.title}
    if name in ("forum:forum", "forum:forum_page"):
        forum = context.get("forum")
        guest = permissions.viewer(_guest(request.user))
        if forum is None or not (guest.forum_perm(forum.pk, "can_see") and guest.forum_perm(forum.pk, "can_read")):
            return {}
        return {"href": reverse("activity:forum_feed", args=[forum.pk]), "title": forum.name}
    return {"href": reverse("activity:board_feed"), "title": None}
