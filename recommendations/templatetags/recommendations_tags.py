from django import template

from ..queries import for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def recommendations_for(context, topic):
    """The topic's Recommended Posts as its reader may see them (one query, once per request), the ids that get the
    "Recommended" flag, and whether the reader may recommend: `{% recommendations_for topic as recommended %}`."""
    return for_page(context["request"], topic)
