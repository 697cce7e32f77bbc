from dataclasses import dataclass, field

from forum.models import Post
from forum.permissions import can_recommend, post_visibility

from .models import Recommendation

# Whether a topic has any recommended post at all, in the topic page's topic query (receivers.topic_page_columns).
ANY = "recommendations_any"


def for_topic(topic, viewer):
    """The recommended posts of a topic on show to `viewer` (the one visibility rule, and only published posts),
    oldest recommendation first: one query."""
    return list(
        Recommendation.objects.filter(post_visibility(viewer, prefix="post__"), topic=topic,
                                      post__state=Post.State.VISIBLE)
        .select_related("post__author", "recommended_by")
        .order_by("created_at", "pk")
    )


@dataclass
class Recommended:
    list: list
    ids: set = field(default_factory=set)
    can_recommend: bool = False


def for_page(request, topic):
    """The topic's Recommended Posts as the request's reader may see them (for_topic), the ids that get the
    "Recommended" flag and whether the reader may recommend: once per request (the page's cache key asks first,
    then its template). No query for a topic that has none (ANY)."""
    loaded = getattr(request, "_agora_recommended", None)
    if loaded is None or loaded[0] != topic.pk:
        recommendations = for_topic(topic, request.user) if getattr(topic, ANY, True) else []
        loaded = (topic.pk, Recommended(recommendations, {r.post_id for r in recommendations},
                                        can_recommend(request.user, topic)))
        request._agora_recommended = loaded
    return loaded[1]
