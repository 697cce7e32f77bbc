from django import template

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The header's bell with the member's unread count, in the page as rendered: the count is kept on the member's
    row (User.unread_notifications), so the bell costs no query."""
    user = context["request"].user
    return {"user": user, "unread": user.unread_notifications if user.is_authenticated else 0}


@register.inclusion_tag("notifications/_ignore_button.html", takes_context=True)
def ignore_button(context, member):
    """"Ignore" / "Stop ignoring" on a member's profile, for another signed-in member."""
    from ..models import IgnoredMember

    user = context["request"].user
    shown = user.is_authenticated and user.pk != member.pk
    return {
        "shown": shown, "member": member, "csrf_token": context.get("csrf_token"),
        "ignoring": shown and IgnoredMember.objects.filter(member=user, ignored=member).exists(),
        "next": context["request"].get_full_path(),
    }
