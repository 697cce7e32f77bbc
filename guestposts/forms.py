from django import forms
from django.utils.translation import gettext_lazy as _

from forum.forms import PostContentField

from . import antibot


class GuestReplyForm(forms.Form):
    """A guest's reply: the body as any post, an email address, and the anti-bot fields (see antibot.py)."""

    content = PostContentField(
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("Reply to this topic...")}),
    )
    email = forms.EmailField(
        label=_("Your email address"), max_length=254,
        help_text=_("Not shown to anyone. We use it to send you one reminder and to prefill your registration."),
        error_messages={"required": _("Please give your email address so that you can register to publish "
                                      "your reply.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # People never see this field; bots that fill in every field do.
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    shown_at = forms.CharField(widget=forms.HiddenInput)
    pow = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_guest_%s")  # apart from the member's reply form and its editor
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["aria-describedby"] = "id_guest_email-help"
        # The timestamp and the challenge are not part of the page (it may be shared by the guest page cache): the
        # browser asks guestposts.views.challenge for them when the guest starts writing.

    def clean(self):
        data = super().clean()
        refusal = None
        if self.data.get("website"):
            refusal = _("The anti-spam check failed. Please send the form again.")
        refusal = refusal or antibot.timing_refusal(self.data.get("shown_at")) or antibot.pow_refusal(
            self.data.get("pow"))
        if refusal:
            raise forms.ValidationError(refusal, code="antibot")
        return data
