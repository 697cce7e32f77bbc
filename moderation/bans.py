"""Bans live in accounts (sign-in, sign-up and forum's rules ask them); the moderation pages use them from here."""

from accounts.bans import ban_for, ban_message, ip_in_range, is_banned  # noqa: F401
