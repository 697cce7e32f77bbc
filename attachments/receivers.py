"""How attachments follow the board's events without `forum` knowing about them (forum's and Django's signals):

- a post is written or edited (forum.signals.post_saved): its files are linked;
- a post (or its topic) is deleted for good, e.g. purged from the recycle bin: its files go with it, unless another
  post still shows them;
- a member deletes their account: their posts stay, so the files of those posts stay too; uploads that never
  made it into a post go;
- an attachment row is deleted: its file leaves the storage once the transaction has committed;
- the topic page keys each post's cached HTML (forum.signals.post_article_state): the files its "Attachments" shows.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from forum.signals import post_article_state, post_saved

from . import services
from .models import Attachment, PostAttachment as Link


@receiver(post_saved, dispatch_uid="attachments_link_saved_post")
def link_saved_post(sender, post, created, actor, **kwargs):
    """A post was written or edited: its files are those its content refers to, uploaded by its author or by the
    member editing it, or already its own. Inside the write's transaction: too many files undoes the write."""
    if not created or services.may_refer(post.content):
        services.link_post(post, [post.author_id, actor.pk if actor else None])


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



@receiver(post_article_state, dispatch_uid="attachments_post_article_state")
def post_article_state(sender, request, topic, posts, **kwargs):
    """A post's "Attachments" shows each file's name, type (a download link or not), size and download count."""
    found = services.page_attachments(request, posts)
    return {post_id: [(file.pk, file.original_name, file.content_type, file.size, file.download_count)
                      for file in files] for post_id, files in found.items()}
