"""The moderation log: one row per moderator or administrator action, written inside the action's own transaction.

A module of its own so that every app whose actions are moderation (recommendations, the Django admin's actions)
writes the log without importing the moderation services."""

from .models import ModerationLog


def log(actor, action, target, ip_address=None, reason="", forum=None):
    signed_in = actor is not None and actor.pk
    return ModerationLog.objects.create(
        actor=actor if signed_in else None, actor_name=actor.username if signed_in else "",
        action=action, target_type=type(target)._meta.model_name, target_id=target.pk,
        target_label=str(target)[:255], forum=forum, ip_address=ip_address, reason=reason or "",
    )
