"""Avatars: an uploaded image is checked (it must really be a PNG, JPEG, GIF or WebP image of sane size), then
re-encoded as a 256×256 PNG, which drops its metadata (camera, location) and anything hidden in the file. Members
without one get a generated default: their initial on a colour picked from their id."""

import secrets
from io import BytesIO

from django import forms
from django.core.files.base import ContentFile
from django.utils.html import format_html
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from safety.images import budget_refusal

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000
# Only the first frame becomes the avatar, but checking the file still reads every frame.
MAX_FRAMES = 100
MAX_TOTAL_PIXELS = 50_000_000
SIZE = 256
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
PALETTE = ["#1d4ed8", "#047857", "#b45309", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#9d174d"]


def process_avatar(upload, user):
    """The checked, re-encoded image as a file to store; raises forms.ValidationError with a clear message."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("This image is too large: the limit is 2 MB."))
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            if kind not in FORMATS:
                raise forms.ValidationError(_("Please upload a PNG, JPEG, GIF or WebP image."))
            refusal = budget_refusal(probe, MAX_PIXELS, MAX_TOTAL_PIXELS, MAX_FRAMES)
            if refusal:
                raise forms.ValidationError(refusal)
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGBA")
            image = ImageOps.fit(image, (SIZE, SIZE), Image.Resampling.LANCZOS)
            out = BytesIO()
            image.save(out, "PNG", optimize=True)
    except forms.ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors for files that are not images
        raise forms.ValidationError(_("This file is not an image we can read. Please upload a PNG, JPEG, GIF or "
                                      "WebP image."))
    return ContentFile(out.getvalue(), name=f"{user.pk}-{secrets.token_hex(6)}.png")


def initials_svg(name, key, size):
    """The generated default: an inline SVG, so it costs no request and no query."""
    initial = (name or "?").strip()[:1].upper() or "?"
    colour = PALETTE[(key or 0) % len(PALETTE)]
    return format_html(
        '<svg class="avatar" width="{0}" height="{0}" viewBox="0 0 64 64" aria-hidden="true" focusable="false">'
        '<rect width="64" height="64" rx="8" fill="{1}"/><text x="32" y="43" font-size="30" text-anchor="middle" '
        'fill="#fff" font-family="system-ui, sans-serif">{2}</text></svg>', size, colour, initial)
