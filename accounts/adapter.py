from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from forum.http import client_ip

from .bans import ban_for, ban_message
from .names import lookalike_refusal, name_refusal


class AccountAdapter(DefaultAccountAdapter):
    """Banned members, email addresses and IP ranges are turned away at sign-in and sign-up (as posting before
    registering does), and usernames that impersonate or hide characters are refused."""

    def pre_login(self, request, user, **kwargs):
        ban = ban_for(user=user, email=user.email, ip=client_ip(request))
        if ban:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            messages.error(request, ban_message(ban))
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_client_ip(self, request):
        """allauth's rate limits count per address: the same one bans and the log use (TRUSTED_PROXIES)."""
        return client_ip(request) or super().get_client_ip(request)

    def is_open_for_signup(self, request):
        return super().is_open_for_signup(request) and ban_for(ip=client_ip(request)) is None

    def clean_email(self, email):
        email = super().clean_email(email)
        if ban_for(email=email):
            raise forms.ValidationError(_("This email address cannot be used to register on this board."))
        return email

    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        refusal = name_refusal(username) or (None if shallow else lookalike_refusal(username))
        if refusal:
            raise forms.ValidationError(refusal)
        return username
