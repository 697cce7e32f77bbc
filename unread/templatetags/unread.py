from django import template

from .. import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_topic_ids(context, topics):
    """{% unread_topic_ids topics as unread_ids %}: which topics of a forum page the member has not read."""
    return services.unread_topic_ids(context["request"].user, topics)


@register.simple_tag(takes_context=True)
def unread_forum_ids(context):
    """{% unread_forum_ids as unread_forums %}: the forums on the index holding unread topics."""
    return services.unread_forum_ids(context["request"].user)


@register.inclusion_tag("unread/_first_unread.html")
def first_unread_link(topic, unread_ids):
    return {"topic": topic, "unread": topic.pk in unread_ids}


@register.inclusion_tag("unread/_mark_read.html", takes_context=True)
def mark_read_button(context, forum=None):
    """"Mark forum read" on a forum page, "Mark all read" on the index; members only."""
    request = context["request"]
    return {"user": request.user, "forum": forum, "next": request.get_full_path(),
            "csrf_token": context.get("csrf_token")}
