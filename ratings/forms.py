from django import forms
from django.utils.translation import gettext_lazy as _

from .models import STARS

VALUE_ERROR = _("A rating is a whole number of stars from 1 to 5.")


class RatingForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Rate this topic"), choices=[(n, n) for n in STARS], coerce=int, required=False,
        error_messages={"invalid_choice": VALUE_ERROR},
    )
    remove = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("remove") and cleaned.get("value") in (None, "") and not self.errors:
            raise forms.ValidationError(_("Choose from 1 to 5 stars before saving your rating."), code="required")
        return cleaned
