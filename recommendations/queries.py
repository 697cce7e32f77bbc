from forum.models import Post
from forum.permissions import post_visibility

from .models import Recommendation


def for_topic(topic, viewer):
    """The recommended posts of a topic on show to `viewer` (the one visibility rule, and only published posts),
    oldest recommendation first: one query."""
    return list(
        Recommendation.objects.filter(post_visibility(viewer, prefix="post__"), topic=topic,
                                      post__state=Post.State.VISIBLE)
        .select_related("post__author", "recommended_by")
        .order_by("created_at", "pk")
    )
