"""What the pages need, in a fixed number of queries.

The topic page reads each post's counts from the post itself (Post.reaction_summary, {kind id: count}, kept by
reactions.services), the reaction types from the cache, and the viewer's own reactions in one query, made only when
some post on the page that is not theirs has reactions at all."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Reaction, ReactionType
from .permissions import may_react_in, react_refusal

_TYPES_KEY = "reactions:types:v1"
_TYPES_TIMEOUT = 300  # a rename reaches every app server within five minutes even without a shared cache


def reaction_types():
    """Every reaction type (switched-off ones too: the reactions given stay on show), in the administrators' order."""
    types = cache.get(_TYPES_KEY)
    if types is None:
        types = list(ReactionType.objects.order_by("order", "pk"))
        cache.set(_TYPES_KEY, types, _TYPES_TIMEOUT)
    return types


@receiver([post_save, post_delete], sender=ReactionType)
def _forget_types(**kwargs):
    cache.delete(_TYPES_KEY)


def forget_types():
    cache.delete(_TYPES_KEY)


class PostReactions:
    """One post's reactions as its footer shows them."""

    def __init__(self, post, counts, mine, can_react):
        self.post = post
        self.counts = counts  # [(ReactionType, count)], in the types' order
        self.mine = mine  # the viewer's ReactionType, or None
        self.can_react = can_react
        self.total = sum(n for _kind, n in counts)


def for_posts(posts, topic, user):
    """{post id: PostReactions} for a page of posts of `topic`: at most one query (the viewer's own reactions)."""
    may_react = may_react_in(user, topic)
    reactable = {post.pk for post in posts
                 if may_react and post.author_id != user.pk and react_refusal(user, post, topic) is None}
    # The types come from the cache; a page with nothing to show or offer does not even ask it.
    types = reaction_types() if reactable or any(post.reaction_summary for post in posts) else []
    by_id = {kind.pk: kind for kind in types}
    asked = [post.pk for post in posts if post.pk in reactable and post.reaction_summary]
    mine = dict(Reaction.objects.filter(user=user, post_id__in=asked).values_list("post_id", "kind_id")) \
        if asked else {}
    result = {}
    for post in posts:
        summary = post.reaction_summary or {}
        counts = [(kind, summary[str(kind.pk)]) for kind in types if summary.get(str(kind.pk))]
        result[post.pk] = PostReactions(post, counts, by_id.get(mine.get(post.pk)), post.pk in reactable)
    return result


def page_reactions(request, topic, posts):
    """for_posts for the topic page's posts, once per request: the page's cache key (receivers) and the posts'
    footers (templatetags) ask for it."""
    key = (topic.pk, tuple(post.pk for post in posts))
    loaded = getattr(request, "_agora_reactions", None)
    if loaded is None or loaded[0] != key:
        loaded = (key, for_posts(posts, topic, request.user))
        request._agora_reactions = loaded
    return loaded[1]
