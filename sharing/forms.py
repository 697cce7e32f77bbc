from django import forms
from django.utils.translation import gettext_lazy as _


class ShortLinkForm(forms.Form):
    """What to shorten: a post, or a topic when no post is given."""

    topic = forms.IntegerField(required=False, min_value=1)
    post = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("topic") and not cleaned.get("post"):
            raise forms.ValidationError(_("Say which topic or post the short link is for."), code="required")
        return cleaned
