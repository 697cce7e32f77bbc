from django import template

from .. import queries

register = template.Library()


def page_reactions(context, topic):
    """The reactions of every post on the page, loaded once per request (the first post's tag loads them all)."""
    request = context["request"]
    posts = list(context.get("posts") or ())
    key = (topic.pk, tuple(post.pk for post in posts))
    loaded = getattr(request, "_agora_reactions", None)
    if loaded is None or loaded[0] != key:
        loaded = (key, queries.for_posts(posts, topic, request.user))
        request._agora_reactions = loaded
    return loaded[1]


@register.inclusion_tag("reactions/_post_reactions.html", takes_context=True)
def post_reactions(context, post):
    """Under a post: how many of each reaction it has (each a link to who gave it) and, for members who may react,
    a form of the reactions (their own one pressed). Works as a plain form; reactions.js sends it in place."""
    topic = context["topic"]
    reactions = page_reactions(context, topic).get(post.pk)
    if reactions is None:  # a post that is not in the page's list (a preview): read on its own
        reactions = queries.for_posts([post], topic, context["request"].user)[post.pk]
    return {
        "post": post,
        "topic": topic,
        "reactions": reactions,
        "kinds": [kind for kind in queries.reaction_types() if kind.is_enabled] if reactions.can_react else (),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
