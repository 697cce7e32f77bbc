from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH


class RecommendForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_("Shown with the post in Recommended Posts."),
    )
