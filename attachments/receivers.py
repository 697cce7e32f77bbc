"""How attachments follow the board's events without `forum` knowing about them (Django's model signals):

- a post is written: its files are linked (forum.services creates posts with Post.objects.create);
- a post (or its topic) is deleted for good, e.g. purged from the recycle bin: its files go with it, unless another
  post still shows them;
- a member deletes their account: their posts stay, so the files of those posts stay too; uploads that never
  made it into a post go;
- an attachment row is deleted: its file leaves the storage once the transaction has committed.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from forum.models import Post
from moderation.signals import post_edited

from . import services
from .models import Attachment, PostAttachment as Link


@receiver(post_save, sender=Post, dispatch_uid="attachments_link_new_post")
def link_new_post(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not services.may_refer(instance.content):
        return
    services.link_post(instance, [instance.author_id])


def _from_unlinking(origin):
    """An edit unlinks a file through the link table itself (Attachment.posts.set): the daily clean-up decides."""
    model = origin if isinstance(origin, type) else getattr(origin, "model", type(origin))
    return model is Link


@receiver(post_delete, sender=Link, dispatch_uid="attachments_follow_deleted_post")
def follow_deleted_post(sender, instance, origin=None, **kwargs):
    if _from_unlinking(origin):
        return
    attachment_id = instance.attachment_id
    transaction.on_commit(lambda: services.remove_if_unlinked([attachment_id]))


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="attachments_unsent_uploads_of_deleted_member")
def remove_unsent_uploads(sender, instance, **kwargs):
    Attachment.objects.filter(user=instance, posts__isnull=True).delete()


@receiver(post_delete, sender=Attachment, dispatch_uid="attachments_file_leaves_storage")
def delete_file(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_edited, dispatch_uid="attachments_link_edited_post")
def link_edited_post(sender, post, editor, **kwargs):
    """An edit may add files uploaded for it (by the author, or by the moderator editing), keep the post's own, and
    drop those its content no longer refers to."""
    services.link_post(post, [post.author_id, editor.pk])
