from django import forms
from django.utils.translation import gettext_lazy as _


class ReactForm(forms.Form):
    kind = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    remove = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("remove") and not cleaned.get("kind") and not self.errors:
            raise forms.ValidationError(_("Choose a reaction."), code="required")
        return cleaned
