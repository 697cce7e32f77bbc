from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .bans import ban_for


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


class BanCheckingAccountAdapter(DefaultAccountAdapter):
    """Banned members, email addresses and IP ranges are turned away at sign-in and sign-up."""

    def pre_login(self, request, user, **kwargs):
        ban = ban_for(user=user, email=user.email, ip=_ip(request))
        if ban:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            messages.error(request, ban_message(ban))
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def is_open_for_signup(self, request):
        if ban_for(ip=_ip(request)):
            return False
        return super().is_open_for_signup(request)

    def clean_email(self, email):
        email = super().clean_email(email)
        if ban_for(email=email):
            from django import forms

            raise forms.ValidationError(_("This email address cannot be used here."))
        return email


def ban_message(ban):
    if ban.expires_at:
        from django.utils.formats import date_format

        return _("Your account is banned until %(when)s.") % {"when": date_format(ban.expires_at, "DATETIME_FORMAT")}
    return _("Your account is banned.")
