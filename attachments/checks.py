"""What a file is, decided by its content, never by its name or the type the browser claimed.

Images are decoded with Pillow and re-encoded without their metadata (as the editor always did); PDFs and archives
are recognised by their signatures (and a ZIP must open as one); text must be UTF-8 without control bytes. Anything
else, a renamed executable, an HTML page named .pdf, an SVG, is refused. A board setting
(AGORA_ATTACHMENT_TYPES) says which of these kinds members may attach."""

import io
import os
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from safety.images import budget_refusal

# Pillow format -> (content type, extension).
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
               "WEBP": ("image/webp", "webp")}
# Kind (as named in AGORA_ATTACHMENT_TYPES) -> (content type, extension) for the kinds recognised by signature.
FILE_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "zip": ("application/zip", "zip"),
    "gz": ("application/gzip", "gz"),
    "7z": ("application/x-7z-compressed", "7z"),
    "txt": ("text/plain; charset=utf-8", "txt"),
}
IMAGE_KINDS = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
ALL_KINDS = [*IMAGE_KINDS, *FILE_TYPES]


class UploadRefused(Exception):
    """The file is not one we keep; the message says why, for a person."""


class Checked:
    """A file that passed: what to store and how to describe it."""

    def __init__(self, data, content_type, ext, width=None, height=None):
        self.data, self.content_type, self.ext, self.width, self.height = data, content_type, ext, width, height


def allowed_kinds():
    return [kind for kind in settings.AGORA_ATTACHMENT_TYPES if kind in ALL_KINDS]


def accept_attribute():
    """For <input type=file accept>: a hint to the browser's file chooser; the server decides by content."""
    return ",".join("." + kind for kind in allowed_kinds())


def _kind_of(data):
    """The allowlisted kind this content is, by signature, or None (images are left to Pillow)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        return "zip"
    if data.startswith(b"\x1f\x8b\x08"):
        return "gz"
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    return "txt" if _is_plain_text(data) else None


def _is_plain_text(data):
    """UTF-8 text without control bytes, and not markup: an HTML page or an SVG is refused, not kept as text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not text.lstrip().startswith("<") and not any(
        unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text)


def _image(data):
    """-> Checked for a decodable image of an allowed format, None for content Pillow does not see as an image."""
    try:
        Image.open(io.BytesIO(data)).verify()  # structure check; verify() leaves the image unusable
        image = Image.open(io.BytesIO(data))
        kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    if kind not in IMAGE_TYPES or kind not in {IMAGE_KINDS[k] for k in allowed_kinds() if k in IMAGE_KINDS}:
        raise UploadRefused(_("Images of this format cannot be attached here."))
    refusal = budget_refusal(image, settings.AGORA_UPLOAD_MAX_PIXELS, settings.AGORA_UPLOAD_MAX_TOTAL_PIXELS,
                             settings.AGORA_UPLOAD_MAX_FRAMES)  # frames too, before any pixel is decoded
    if refusal:
        raise UploadRefused(refusal)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
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
    return Checked(out.getvalue(), content_type, ext, image.width, image.height)


def check_file(data):
    """-> Checked, or raise UploadRefused with the reason."""
    image = _image(data)
    if image is not None:
        return image
    kind = _kind_of(data)
    if kind is None or kind not in allowed_kinds():
        raise UploadRefused(_("This type of file cannot be attached. Allowed: %(types)s.")
                            % {"types": ", ".join(allowed_kinds())})
    content_type, ext = FILE_TYPES[kind]
    return Checked(data, content_type, ext)


def clean_name(name, ext):
    """The name shown and offered on download: no folders, no characters a file system or a header would trip on,
    and the extension of what the file really is (a .pdf that is a text file is offered as .txt)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # nothing usable was left
        stem = ""
    stem = stem.strip("._-")[:120] or "file"
    return f"{stem}.{ext}"
