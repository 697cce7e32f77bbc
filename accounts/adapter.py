from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext as _

from .bans import is_banned


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up refuses banned email addresses and IP ranges, as posting before registering does."""

    def clean_email(self, email):
        email = super().clean_email(email)
        if is_banned(email=email):
            raise forms.ValidationError(_("This email address cannot be used to register on this board."))
        return email

    def clean_username(self, username, shallow=False):
        from .names import lookalike_refusal, name_refusal

        username = super().clean_username(username, shallow=shallow)
        refusal = name_refusal(username) or (None if shallow else lookalike_refusal(username))
        if refusal:
            raise forms.ValidationError(refusal)
        return username

    def is_open_for_signup(self, request):
        return super().is_open_for_signup(request) and not is_banned(ip=request.META.get("REMOTE_ADDR"))
