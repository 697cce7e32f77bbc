"""reactions' part of a post's cache key on the topic page (forum.signals.post_article_state)."""

from django.dispatch import receiver

from forum import signals as forum_signals

from .queries import page_reactions, reaction_types


@receiver(forum_signals.post_article_state, dispatch_uid="reactions.post_article_state")
def post_article_state(sender, request, topic, posts, **kwargs):
    """What a post's reactions block shows this reader: the counts, their own reaction, whether they may react, and
    the types as they stand (a renamed or switched-off type redraws every block that shows it)."""
    reactions = page_reactions(request, topic, posts)
    types = None
    states = {}
    for post in posts:
        shown = reactions[post.pk]
        if shown.counts or shown.can_react:
            if types is None:
                types = [(kind.pk, kind.name, kind.icon, kind.order, kind.is_enabled) for kind in reaction_types()]
            states[post.pk] = ([(kind.pk, count) for kind, count in shown.counts],
                               shown.mine.pk if shown.mine else None, shown.can_react, types)
        else:
            states[post.pk] = None
    return states
