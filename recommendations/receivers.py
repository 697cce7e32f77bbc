"""recommendations' part of the topic page's one topic query (forum.signals.topic_page_columns: whether the topic has
any recommended post, so that most topics cost no query of their own) and of a post's cache key on the topic page
(forum.signals.post_article_state)."""

from django.db.models import Exists, OuterRef
from django.dispatch import receiver

from forum import signals as forum_signals

from .models import Recommendation
from .queries import ANY, for_page


@receiver(forum_signals.topic_page_columns, dispatch_uid="recommendations.topic_page_columns")
def topic_page_columns(sender, viewer, **kwargs):
    return {ANY: Exists(Recommendation.objects.filter(topic=OuterRef("pk")))}


@receiver(forum_signals.post_article_state, dispatch_uid="recommendations.post_article_state")
def post_article_state(sender, request, topic, posts, **kwargs):
    """A post shows the "Recommended" flag when it is recommended, and "Recommend Post" or "Remove Recommendation"
    to those who may recommend."""
    recommended = for_page(request, topic)
    return {post.pk: (post.pk in recommended.ids, recommended.can_recommend) for post in posts}
