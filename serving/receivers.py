"""Which writes change which guest pages: each bumps the page versions it touches (serving/pagecache.py).

The board's own events (forum.signals) and model saves cover what forum, accounts and moderation write; a feature
that writes with queryset updates calls pagecache.topic_changed() from its service (ratings does)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import MemberGroup
from forum.models import Category, Forum, ForumPermission, Moderator, Post, Topic
from forum.signals import content_changed, post_published, post_saved
from moderation.models import ModerationLog

from .pagecache import board_changed, topic_changed

# Saving a member with only these fields changes nothing any page shows.
_BOOKKEEPING = {"last_login", "last_seen", "password"}


@receiver(post_saved, dispatch_uid="pagecache_post_saved")
def _post_saved(sender, post, created, **kwargs):
    topic_changed(post.topic_id, post.topic.forum_id)
    if not created:  # an edit: quotes and embed cards of the post elsewhere show it too
        board_changed()


@receiver(post_published, dispatch_uid="pagecache_post_published")
def _post_published(sender, post, **kwargs):
    topic_changed(post.topic_id, post.topic.forum_id)


@receiver(content_changed, dispatch_uid="pagecache_content_changed")
def _content_changed(sender, **kwargs):
    board_changed()  # hidden, moved, merged...: lists, counts and embeds anywhere may change


@receiver(post_save, sender=ModerationLog, dispatch_uid="pagecache_moderation")
def _moderated(sender, **kwargs):
    board_changed()  # every moderation action is logged: pins, locks, groups, bans, permissions, recommendations


@receiver(post_save, sender=Topic, dispatch_uid="pagecache_topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="pagecache_topic_deleted")
def _topic_written(sender, instance, **kwargs):
    topic_changed(instance.pk, instance.forum_id)


@receiver(post_save, sender=Post, dispatch_uid="pagecache_post_row_saved")
@receiver(post_delete, sender=Post, dispatch_uid="pagecache_post_row_deleted")
def _post_written(sender, instance, **kwargs):
    topic_changed(instance.topic_id)


def _structure_changed(sender, **kwargs):
    board_changed()


for model in (Category, Forum, ForumPermission, Moderator, MemberGroup):
    post_save.connect(_structure_changed, sender=model, dispatch_uid=f"pagecache_saved_{model.__name__}")
    post_delete.connect(_structure_changed, sender=model, dispatch_uid=f"pagecache_deleted_{model.__name__}")


@receiver(post_save, sender=get_user_model(), dispatch_uid="pagecache_member_saved")
def _member_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields and set(update_fields) <= _BOOKKEEPING):
        return  # a new member is on no page yet; signing in changes none
    board_changed()  # name, avatar, signature or group, shown beside every post of theirs


@receiver(post_delete, sender=get_user_model(), dispatch_uid="pagecache_member_deleted")
def _member_deleted(sender, **kwargs):
    board_changed()
