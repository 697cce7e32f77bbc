"""Flood control and rate limits. Rate limits are counted by django-ratelimit in the default cache (which must be
shared between processes, Redis in production, as for "Create short link"); flood control is decided by the
database, under a row lock on the member, so it holds for simultaneous posts too."""

from django_ratelimit.core import is_ratelimited

from boardsettings.store import current as board_settings


def flood_seconds(user):
    """How long `user` must wait between two posts: their primary group's setting, else the board's default (both
    board settings, /mod/settings/)."""
    group = getattr(getattr(user, "primary_group", None), "name", None)
    return board_settings().flood_seconds_for(group)


def over_rate(request, group, rate):
    """Count this POST against `rate` ("30/10m") for the member (or the guest's address); True when it is over."""
    return is_ratelimited(request, group=group, key="user_or_ip", rate=rate, method="POST", increment=True)
