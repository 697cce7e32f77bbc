from django import template
from django.template.loader import render_to_string

from .. import queries

register = template.Library()


@register.inclusion_tag("reactions/_post_reactions.html", takes_context=True)
def post_reactions(context, post):
    """Under a post: how many of each reaction it has (each a link to who gave it) and, for members who may react,
    a form of the reactions (their own one pressed). Works as a plain form; reactions.js sends it in place."""
    topic = context["topic"]
    reactions = queries.page_reactions(context["request"], topic, list(context.get("posts") or ())).get(post.pk)
    if reactions is None:  # a post that is not in the page's list (a preview): read on its own
        reactions = queries.for_posts([post], topic, context["request"].user)[post.pk]
    return {
        "post": post,
        "topic": topic,
        "reactions": reactions,
        "choices": _choices(context["request"], reactions.mine) if reactions.can_react else "",
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }


def _choices(request, mine):
    """The picker's buttons, the same under every post but for the reader's own reaction (pressed): rendered once
    per page and state, not once per post."""
    rendered = request.__dict__.setdefault("_agora_reaction_choices", {})
    key = mine.pk if mine else None
    if key not in rendered:
        kinds = [kind for kind in queries.reaction_types() if kind.is_enabled]
        rendered[key] = render_to_string("reactions/_reaction_choices.html", {"kinds": kinds, "mine": mine})
    return rendered[key]
