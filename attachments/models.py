"""Files members attach to posts: uploaded from the editor, linked to the post(s) whose content refers to them,
counted against the uploader's quota, and served through the board (attachments.views.download)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Content types we serve inline (shown in a post): only the raster images we decoded and re-encoded ourselves.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def attachment_storage():
    """Where files are kept: the "attachments" storage when the settings name one (a private bucket or folder that
    no web server serves directly), otherwise the default storage. Either way they are only served through
    attachments.views.download, which checks who may have them."""
    from django.core.files.storage import storages

    return storages["attachments"] if "attachments" in settings.STORAGES else storages["default"]


class Attachment(models.Model):
    """One uploaded file. Unlinked (no post yet) it is visible to its uploader only and removed after a day; linked,
    it is visible to whoever may see one of its posts and download in that post's forum."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploader"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="attachments")
    posts = models.ManyToManyField("forum.Post", verbose_name=_("posts"), blank=True, related_name="attachments",
                                   through="PostAttachment")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", storage=attachment_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    # Downloads are counted in the cache and added here in batches (manage.py attachment_downloads).
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["user", "created_at"], name="attachment_by_uploader")]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type in INLINE_TYPES

    def get_absolute_url(self):
        return reverse("attachments:download", kwargs={"pk": self.pk, "name": self.url_name})

    @property
    def url_name(self):
        """The last part of the URL: the cleaned name, or "file" if cleaning left nothing a URL path can carry."""
        return self.original_name.replace("/", "") or "file"


class PostAttachment(models.Model):
    """A file shown by a post. A model of its own (not Django's hidden link table) so that deleting a post tells
    attachments.receivers which files may have lost their last post."""

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("attachment of a post")
        verbose_name_plural = _("attachments of posts")
        constraints = [models.UniqueConstraint(fields=["post", "attachment"], name="post_attachment_once")]
