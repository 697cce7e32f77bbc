import html
import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from safety.text import title_refusal

from .content import (MAX_EMOJI, MAX_NESTING, count_emoji, is_blank, plain_text, sanitize_html, text_to_html,
                      too_deeply_nested)


class PlainText(str):
    """What was typed in the plain textarea (no editor): kept literally, `x<y` included."""


class PostContentWidget(forms.Textarea):
    """The textarea plus a hidden `<name>_format`: "text" from the page, which the editor script sets to "html" when
    it takes over (it sends HTML). An edit form's textarea holds the stored HTML, so it says "html" from the start.
    A client that sends no format at all is taken to send HTML, as before."""

    template_name = "forum/widgets/post_content.html"

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is not None and data.get(f"{name}_format") == "text":
            return PlainText(value)
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["content_format"] = "text" if isinstance(value, PlainText) or not value else "html"
        return context


class PostContentField(forms.CharField):
    """The body of a post: checked for length, nesting and content, and sanitized once, here: its cleaned value is
    the sanitized HTML (forum.content.SanitizedHTML), which the services store without sanitizing it again. Django's
    CharField already refuses NUL characters with a clear message. Text from the plain textarea becomes paragraphs
    of literal text."""

    widget = PostContentWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Content"))
        kwargs.setdefault("error_messages", {"required": _("Please write something before posting.")})
        widget = kwargs.get("widget")
        if widget is not None and not isinstance(widget, PostContentWidget):
            kwargs["widget"] = PostContentWidget(attrs=getattr(widget, "attrs", None))
        super().__init__(strip=True, **kwargs)

    def to_python(self, value):
        literal = isinstance(value, PlainText)
        value = super().to_python(value)
        return text_to_html(html.escape(value, quote=False)) if literal and value else value

    def validate(self, value):
        super().validate(value)
        limit = settings.AGORA_POST_MAX_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                _("Your post is too long: it has %(length)s characters, the limit is %(limit)s.")
                % {"length": f"{len(value):,}", "limit": f"{limit:,}"},
                code="too_long",
            )
        if too_deeply_nested(value):
            raise forms.ValidationError(
                _("Your post nests quotes, lists or formatting more than %(limit)s levels deep. Please simplify it.")
                % {"limit": MAX_NESTING},
                code="too_deep",
            )

    def clean(self, value):
        value = super().clean(value)
        cleaned = sanitize_html(value)
        if is_blank(cleaned):
            raise forms.ValidationError(_("Please write something before posting."), code="blank")
        emoji = count_emoji(plain_text(cleaned))
        if emoji > MAX_EMOJI:
            raise forms.ValidationError(
                _("Only %(limit)s emoji are allowed. Your post has %(count)s.") % {"limit": MAX_EMOJI, "count": emoji},
                code="too_many_emoji",
            )
        return cleaned


class TopicTitleField(forms.CharField):
    """A topic's title: something must be visible, and nothing may reorder how it is shown (safety.text)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        refusal = title_refusal(value) if value or self.required else None
        if refusal:
            raise forms.ValidationError(refusal, code="invisible")


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
    title = TopicTitleField(
        label=_("Title"),
        error_messages={"required": _("Please give your topic a title.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = PostContentField(widget=forms.Textarea(attrs={"rows": 12}))
