"""The ban check other features call (guest posting, sign-up). It lives with the bans in moderation.bans."""

from moderation.bans import ban_for, is_banned  # noqa: F401
