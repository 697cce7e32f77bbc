import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .content import MAX_EMOJI, count_emoji, is_blank, plain_text, sanitize_html


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
        cleaned = sanitize_html(value)
        if is_blank(cleaned):
            raise forms.ValidationError(_("Please write something before posting."), code="blank")
        emoji = count_emoji(plain_text(cleaned))
        if emoji > MAX_EMOJI:
            raise forms.ValidationError(
                _("Only %(limit)s emoji are allowed. Your post has %(count)s.") % {"limit": MAX_EMOJI, "count": emoji},
                code="too_many_emoji",
            )


class OncePerSubmitForm(forms.Form):
    """A posting form carries a key made when it is shown; a second submit of the same form (a double click, a
    retry) finds the post the first one made (forum.services.post_once)."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()


class ReplyForm(OncePerSubmitForm):
    content = PostContentField(
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("Reply to this topic...")}),
    )


class TopicForm(OncePerSubmitForm):
    title = forms.CharField(
        label=_("Title"), max_length=255,
        error_messages={"required": _("Please give your topic a title.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = PostContentField(widget=forms.Textarea(attrs={"rows": 12}))
