from django import template
from django.utils.safestring import mark_safe

from forum.fragments import cached_part, draw_alone

from ..queries import rating_panel as panel_for

register = template.Library()


@register.simple_tag(takes_context=True)
def rating_panel(context, topic):
    """"Rate this topic" in the topic header: nothing when the forum has rating turned off. The same for every
    reader with the same stars given, the same refusal and the same address: from the cache
    (forum.fragments.cached_part), keyed by everything the block shows."""
    user, request = context["user"], context["request"]
    rating = panel_for(topic, user)

    def draw(context):
        return draw_alone(context, "ratings/_rating.html", {"rating": rating, "topic": topic, "user": user,
                                                            "request": request,
                                                            "csrf_token": context.get("csrf_token")})

    if rating is None:
        return draw(context)
    state = (topic.pk, topic.slug, tuple(rating["stars"]), rating["mine"], str(rating["refusal"] or ""),
             rating["refusal"] is None, str(rating["summary"]), rating["filled"], user.is_authenticated,
             request.get_full_path())
    return mark_safe(cached_part(context, "rating", state, draw))
