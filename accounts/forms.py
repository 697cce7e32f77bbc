from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from .models import TermsDocument


def _terms_link():
    return format_html('<a href="{}">{}</a>', reverse("accounts:terms"), gettext("Read the Registration Terms & Conditions"))


class TermsSignupForm(forms.Form):
    """Extra sign-up field for allauth: the terms must be accepted, and which version was accepted is kept."""

    accept_terms = forms.BooleanField(
        label=_("I accept the Registration Terms & Conditions"),
        # Django's form templates render help_text unescaped; the link is built with format_html.
        help_text=lazy(_terms_link, str)(),
        required=True,
        error_messages={"required": _("You must accept the Registration Terms & Conditions to register.")},
    )

    # allauth adds its own fields after these: the terms come last, just above the button, as on the original board.
    field_order = ["email", "username", "password1", "password2", "accept_terms"]

    def signup(self, request, user):
        terms = TermsDocument.current()
        user.terms_version = terms.version if terms else "unpublished"
        user.terms_accepted_at = timezone.now()
        user.save(update_fields=["terms_version", "terms_accepted_at"])
