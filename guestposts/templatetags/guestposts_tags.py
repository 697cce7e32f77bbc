from django import template

from editor.forms import enhance
from forum.permissions import guest_posting_refusal

from ..forms import GuestReplyForm

register = template.Library()


@register.simple_tag(takes_context=True)
def guest_reply_form(context, topic, bound_form=None):
    """"Post now, register later" for guests where the forum allows it: the form sent back with its errors
    (`bound_form`), or a new one; None where guests may not post. `{% guest_reply_form topic guest_form as f %}`"""
    user = context["user"]
    form = bound_form or None  # an unset template variable arrives as ""
    if form is None and guest_posting_refusal(user, topic) is None:
        form = GuestReplyForm()
    return enhance(form, user, topic=topic) if form is not None else None
