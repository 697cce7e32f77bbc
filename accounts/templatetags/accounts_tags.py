from django import template
from django.utils.html import format_html

from accounts.avatars import initials_svg

register = template.Library()


@register.simple_tag
def avatar(user, size=64, name=""):
    """A member's avatar (uploaded, else generated), or a guest's generated one from `name`."""
    if user and user.avatar:
        return format_html('<img class="avatar" src="{}" width="{}" height="{}" alt="">', user.avatar.url, size, size)
    if user:
        return initials_svg(user.public_name, user.pk, size)
    return initials_svg(name, len(name or ""), size)
