from dataclasses import dataclass, field

from django import template

from forum.permissions import can_recommend

from ..queries import for_topic

register = template.Library()


@dataclass
class Recommended:
    list: list
    ids: set = field(default_factory=set)
    can_recommend: bool = False


@register.simple_tag(takes_context=True)
def recommendations_for(context, topic):
    """The topic's Recommended Posts as its reader may see them (one query), the ids that get the "Recommended" flag,
    and whether the reader may recommend: `{% recommendations_for topic as recommended %}`."""
    user = context["user"]
    recommendations = for_topic(topic, user)
    return Recommended(recommendations, {r.post_id for r in recommendations}, can_recommend(user, topic))
