"""Writes for the editor: drafts, uploads, and posting once per form."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum import permissions
from forum.models import Forum, Topic
from forum.signals import post_saved

from .models import Attachment, Draft

# Pillow format -> (content type, extension). Anything else is refused.
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
               "WEBP": ("image/webp", "webp")}


class UploadRefused(Exception):
    """The file is not an image we keep; the message says why, for a person."""


def _draft_place(topic=None, forum=None):
    return {"topic": topic, "forum": None} if topic else {"topic": None, "forum": forum}


class DraftPlaceNotFound(Exception):
    """The topic or forum of a draft does not exist, or the member may not see it (they are told the same)."""


def save_draft(user, content, topic_id=None, forum_id=None):
    """Keep (or, when empty, forget) the member's draft for a topic they may open, or for a new topic in a forum
    they may see."""
    if topic_id:
        topic, forum = Topic.objects.visible_to(user).filter(pk=topic_id).first(), None
        if topic is None:
            raise DraftPlaceNotFound
    else:
        topic, forum = None, Forum.objects.filter(pk=forum_id).first()
        if forum is None or not permissions.can_view_forum(user, forum):
            raise DraftPlaceNotFound
    place = _draft_place(topic, forum)
    if not content.strip():
        Draft.objects.filter(user=user, **place).delete()
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, **place, defaults={"content": content, "updated_at": timezone.now()})
    return draft


def get_draft(user, topic=None, forum=None):
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, **_draft_place(topic, forum)).first()


def clear_draft(user, topic=None, forum=None):
    if user.is_authenticated:
        Draft.objects.filter(user=user, **_draft_place(topic, forum)).delete()


@receiver(post_saved, dispatch_uid="editor_clear_draft_once_posted")
def clear_draft_once_posted(sender, post, created, actor, **kwargs):
    """A member's reply clears their draft for the topic; a new topic clears their draft for the forum."""
    if created and actor is not None:
        Draft.objects.filter(user=actor, **(_draft_place(forum=post.topic.forum_id) if post.position == 1
                                             else _draft_place(topic=post.topic_id))).delete()


def store_image(user, upload):
    """Check an uploaded image by decoding it, strip its metadata (EXIF: place, camera) by re-encoding the pixels,
    and store it through the configured storage. Returns the Attachment."""
    if upload.size > settings.AGORA_UPLOAD_MAX_BYTES:
        raise UploadRefused(_("This image is too large: the limit is %(mb)s MB.")
                            % {"mb": settings.AGORA_UPLOAD_MAX_BYTES // (1024 * 1024)})
    try:
        data = upload.read()
        Image.open(io.BytesIO(data)).verify()  # structure check; verify() leaves the image unusable
        image = Image.open(io.BytesIO(data))
        kind = image.format
        if kind not in IMAGE_TYPES:
            raise UploadRefused(_("Only JPEG, PNG, GIF and WebP images can be uploaded."))
        if image.width * image.height > settings.AGORA_UPLOAD_MAX_PIXELS:
            raise UploadRefused(_("This image has too many pixels."))
        image.load()
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadRefused(_("This file is not an image we can read."))
    content_type, ext = IMAGE_TYPES[kind]
    out = io.BytesIO()
    if kind == "GIF":
        image.save(out, "GIF", save_all=getattr(image, "is_animated", False))
    else:
        image = ImageOps.exif_transpose(image)  # keep the orientation the photo was shown with, then drop EXIF
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, kind, **({"quality": 90} if kind in ("JPEG", "WEBP") else {}))
    attachment = Attachment(user=user, original_name=(upload.name or "")[:255], content_type=content_type,
                            size=out.tell(), width=image.width, height=image.height)
    attachment.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(out.getvalue()), save=False)
    attachment.save()
    return attachment
