from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from .models import TermsDocument


def _terms_link():
    return format_html('<a href="{}">{}</a>', reverse("accounts:terms"), gettext("Read the Registration Terms & Conditions"))


class TermsCheckbox(forms.CheckboxInput):
    """The "I accept" box, with the terms themselves in a scrollable box above it (as Invision shows them), not
    only a link. The stored text was sanitized when it was saved (TermsDocument.save)."""

    template_name = "accounts/widgets/terms_checkbox.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["terms"] = TermsDocument.current()
        return context


class TermsSignupForm(forms.Form):
    """Extra sign-up field for allauth: the terms must be accepted, and which version was accepted is kept."""

    accept_terms = forms.BooleanField(
        label=_("I accept the Registration Terms & Conditions"),
        # Django's form templates render help_text unescaped; the link is built with format_html.
        help_text=lazy(_terms_link, str)(),
        required=True, widget=TermsCheckbox,
        error_messages={"required": _("You must accept the Registration Terms & Conditions to register.")},
    )

    # allauth adds its own fields after these: the terms come last, just above the button, as on the original board.
    field_order = ["email", "username", "password1", "password2", "accept_terms"]

    def signup(self, request, user):
        terms = TermsDocument.current()
        user.terms_version = terms.version if terms else "unpublished"
        user.terms_accepted_at = timezone.now()
        user.save(update_fields=["terms_version", "terms_accepted_at"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=60, required=False,
        help_text=_("Shown beside your posts instead of your username. Any language is welcome."))
    signature = forms.CharField(
        label=_("Signature"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short line shown under your posts (500 characters at most)."))
    avatar = forms.FileField(label=_("Avatar"), required=False,
                             help_text=_("A PNG, JPEG, GIF or WebP image up to 2 MB; it is cropped to a square."),
                             widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_display_name(self):
        from .names import lookalike_refusal, name_refusal

        name = self.cleaned_data["display_name"].strip()
        if name:
            refusal = name_refusal(name) or lookalike_refusal(name, self.user)
            if refusal:
                raise forms.ValidationError(refusal)
        return name

    def clean_avatar(self):
        from .avatars import process_avatar

        upload = self.cleaned_data.get("avatar")
        return process_avatar(upload, self.user) if upload else None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    keep_name = forms.BooleanField(
        label=_("Keep my username on my posts"), required=False,
        help_text=_("Otherwise your posts stay, shown as written by “Former member”."))
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are deleted for good"),
        error_messages={"required": _("Please tick the box to confirm.")})

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
