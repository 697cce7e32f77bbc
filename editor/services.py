"""Writes for the editor: drafts, uploads, and posting once per form."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.content import is_blank, sanitize_html
from safety.images import budget_refusal

from .models import Attachment, Draft, Submission

# Pillow format -> (content type, extension). Anything else is refused.
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
               "WEBP": ("image/webp", "webp")}


class UploadRefused(Exception):
    """The file is not an image we keep; the message says why, for a person."""


def _draft_place(topic=None, forum=None):
    return {"topic": topic, "forum": None} if topic else {"topic": None, "forum": forum}


def save_draft(user, content, topic=None, forum=None):
    """Keep (or, when empty, forget) the member's draft for a topic or for a new topic in a forum. The draft is
    sanitized as a post is: the editor reads it back, and must never be handed markup a post could not hold."""
    place = _draft_place(topic, forum)
    content = sanitize_html(content) if content.strip() else ""
    if not content or is_blank(content):
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


def parse_key(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def post_once(key, user, create):
    """Run `create()` (which returns the new Post) unless this form's key already made a post: then return that
    post instead. Two submits racing each other: the second insert of the key fails, its post is rolled back, and
    the first one's post is returned. Returns (post, created)."""
    key = parse_key(key)
    author = user if user.is_authenticated else None
    if key is None:
        return create(), True
    earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
    if earlier is not None and earlier.user_id == (author.pk if author else None):
        return earlier.post, False
    try:
        with transaction.atomic():
            post = create()
            if earlier is None:
                Submission.objects.create(key=key, user=author, post=post)
            return post, True
    except IntegrityError:
        earlier = Submission.objects.filter(key=key).select_related("post__topic").first()
        if earlier is None:
            raise
        return earlier.post, False


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
        refusal = budget_refusal(image, settings.AGORA_UPLOAD_MAX_PIXELS, settings.AGORA_UPLOAD_MAX_TOTAL_PIXELS,
                                 settings.AGORA_UPLOAD_MAX_FRAMES)
        if refusal:
            raise UploadRefused(refusal)
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
