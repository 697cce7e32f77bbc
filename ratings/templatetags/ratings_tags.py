from django import template

from ..queries import rating_panel as panel_for

register = template.Library()


@register.inclusion_tag("ratings/_rating.html", takes_context=True)
def rating_panel(context, topic):
    """"Rate this topic" in the topic header: nothing when the forum has rating turned off."""
    user = context["user"]
    return {"rating": panel_for(topic, user), "topic": topic, "user": user, "request": context["request"],
            "csrf_token": context.get("csrf_token")}
