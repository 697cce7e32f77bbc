"""What a reader can see of a text. Titles, names and bodies made only of invisible characters (zero-width spaces,
the Hangul filler, the braille blank...) are refused, and bidirectional controls, which reorder what is shown
("invoice‮gpj.exe" displays as "invoiceexe.gpj"), are refused where a text names something (titles, usernames)."""

import unicodedata

from django.utils.html import format_html
from django.utils.translation import gettext as _

# Letters (category Lo/So) that draw nothing.
BLANK_LETTERS = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e", "\u17b4", "\u17b5", "\u2060"})
# Embeddings, overrides, isolates and the directional marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_NOTHING_TO_SEE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"}


def isolate(value):
    """A user-written name or title to put inside a sentence: escaped and isolated (<bdi>), so that its direction
    (Arabic or Hebrew letters, a right-to-left override imported from an old board) cannot reorder the words around
    it ("X replied to Y" must not read as "Y ot deilper X"). Templates use the `bdi` filter ({% load isolation %})."""
    return format_html("<bdi>{}</bdi>", value)


def has_visible(text):
    """True when `text` holds at least one character that draws something."""
    return any(unicodedata.category(ch) not in _NOTHING_TO_SEE and ch not in BLANK_LETTERS and not ch.isspace()
               for ch in text or "")


def has_bidi_controls(text):
    return any(ch in BIDI_CONTROLS for ch in text or "")


def title_refusal(title):
    """None for a title that may be used, else the sentence that says why not."""
    if not has_visible(title):
        return _("Please give your topic a title that can be seen: this one is made only of invisible characters.")
    if has_bidi_controls(title):
        return _("Titles cannot contain characters that change the direction of the text.")
    return None
