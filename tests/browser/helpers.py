"""Helpers shared by the browser tests."""

from django.conf import settings
from django.test import Client


def sign_in(page, user):
    """Sign `user` in by giving the browser a session made by Django's test client (the sign-in form, with its
    second factor, has tests of its own)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": page.base_url}])
