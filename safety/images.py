"""The cost of an uploaded image, known before any pixel is decoded: its size and its number of frames are read
from its headers (Pillow counts a GIF's frames by skipping over their compressed data, without decoding it). An
animated image costs every frame's pixels, so the budget is on the total, and on the number of frames."""

from django.utils.translation import gettext as _


def frame_count(image):
    """How many frames `image` has, from its headers: Pillow's n_frames skips over a GIF's compressed frames without
    decoding them (a cost in proportion to the file's size, which is limited before this)."""
    return getattr(image, "n_frames", 1)


def budget_refusal(image, max_pixels, max_total_pixels, max_frames):
    """None when decoding `image` (opened, not loaded) stays within the budget, else the sentence that says why not."""
    width, height = image.size
    if width * height > max_pixels:
        return _("This image has too many pixels: %(width)s × %(height)s, the limit is %(limit)s million.") % {
            "width": width, "height": height, "limit": f"{max_pixels / 1_000_000:g}"}
    frames = frame_count(image)
    if frames > max_frames:
        return _("This animated image has too many frames: the limit is %(limit)s.") % {"limit": max_frames}
    if width * height * frames > max_total_pixels:
        return _("This animated image is too large: its %(frames)s frames hold %(pixels)s million pixels, the "
                 "limit is %(limit)s million.") % {
            "frames": frames, "pixels": f"{width * height * frames / 1_000_000:.0f}",
            "limit": f"{max_total_pixels / 1_000_000:g}"}
    return None
