"""recommendations' part of a post's cache key on the topic page (forum.signals.post_article_state)."""

from django.dispatch import receiver

from forum import signals as forum_signals

from .queries import for_page


@receiver(forum_signals.post_article_state, dispatch_uid="recommendations.post_article_state")
def post_article_state(sender, request, topic, posts, **kwargs):
    """A post shows the "Recommended" flag when it is recommended, and "Recommend Post" or "Remove Recommendation"
    to those who may recommend."""
    recommended = for_page(request, topic)
    return {post.pk: (post.pk in recommended.ids, recommended.can_recommend) for post in posts}
