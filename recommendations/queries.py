from forum.models import Post

from .models import Recommendation


def for_topic(topic):
    """The recommended posts of a topic still on show, oldest recommendation first: one query."""
    return list(
        Recommendation.objects.filter(topic=topic, post__state=Post.State.VISIBLE)
        .select_related("post__author", "recommended_by")
        .order_by("created_at", "pk")
    )
