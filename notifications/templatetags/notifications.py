from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The header's bell with the member's unread count, in the page as rendered (one query; members only)."""
    user = context["request"].user
    return {"user": user, "unread": services.unread_count(user) if user.is_authenticated else 0}
