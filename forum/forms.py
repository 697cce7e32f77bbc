from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .content import is_blank, sanitize_html


class PostContentField(forms.CharField):
    """The body of a post: checked for length and for content once sanitized. Django's CharField already refuses
    NUL characters with a clear message."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Content"))
        kwargs.setdefault("error_messages", {"required": _("Please write something before posting.")})
        super().__init__(strip=True, **kwargs)

    def validate(self, value):
        super().validate(value)
        limit = settings.AGORA_POST_MAX_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                _("Your post is too long: it has %(length)s characters, the limit is %(limit)s.")
                % {"length": f"{len(value):,}", "limit": f"{limit:,}"},
                code="too_long",
            )
        if is_blank(sanitize_html(value)):
            raise forms.ValidationError(_("Please write something before posting."), code="blank")


class ReplyForm(forms.Form):
    content = PostContentField(
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("Reply to this topic...")}),
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=255,
        error_messages={"required": _("Please give your topic a title.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = PostContentField(widget=forms.Textarea(attrs={"rows": 12}))
