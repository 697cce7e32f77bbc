from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind, Preferences


class PreferencesForm(forms.ModelForm):
    """Following by default, the language of emails, one switch that stops every email, and for each kind:
    immediately, in the digest, or never (kept as chosen while the switch is on)."""

    class Meta:
        model = Preferences
        fields = ["auto_follow", "language", "no_email"]
        help_texts = {"no_email": _("Notifications still show here, under the bell. Emails about your account "
                                    "(confirming your address, a new password) are still sent.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_email"].widget.attrs["aria-describedby"] = f"{self['no_email'].auto_id}_help"
        for kind in Kind:
            self.fields[f"email_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=self.instance.delivery(kind.value),
                widget=forms.RadioSelect)

    def email_fields(self):
        return [self[f"email_{kind.value}"] for kind in Kind]

    def save(self, commit=True):
        self.instance.email = {kind.value: self.cleaned_data[f"email_{kind.value}"] for kind in Kind}
        return super().save(commit)


class IgnoreForm(forms.Form):
    username = forms.CharField(label=_("Member's name"), max_length=150)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_username(self):
        name = self.cleaned_data["username"].strip().lstrip("@")
        other = get_user_model().objects.filter(username__iexact=name, is_active=True).first()
        if other is None:
            raise forms.ValidationError(_("There is no member called “%(name)s”."), params={"name": name})
        if other.pk == self.member.pk:
            raise forms.ValidationError(_("You cannot ignore yourself."))
        return other
