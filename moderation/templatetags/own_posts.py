"""What a post's own author (and the editors) may do with it, for the post's tool row: plain checks, no queries."""

from django import template

from forum import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_edit(context, post, topic):
    return permissions.can_edit(context["request"].user, post, topic)


@register.simple_tag(takes_context=True)
def may_delete_own(context, post, topic):
    return permissions.can_delete_own(context["request"].user, post, topic)
