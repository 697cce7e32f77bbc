"""Usernames and display names: any script (Chinese names work), but nothing that can hide or impersonate.

Refused: invisible and formatting characters (zero-width spaces and joiners, bidirectional overrides and
isolates, control characters, blank "letters" such as the Hangul filler), heaps of combining marks, letters from
different alphabets that look alike in one name (confusable_homoglyphs), and a name that looks the same as another
member's name once case, width and look-alike letters are set aside (its "skeleton").
"""

import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables
from django.conf import settings
from django.utils.translation import gettext as _

from safety.text import BLANK_LETTERS

# Names that speak for the board, compared after folding (so "Αdmin" with a Greek Alpha and "ad_min" match too).
RESERVED_NAMES = ["admin", "administrator", "administrators", "moderator", "moderators", "mod", "staff", "system",
                  "support", "root", "sysop", "webmaster", "postmaster", "hostmaster", "abuse", "security", "official",
                  "team", "help", "guest", "guests", "anonymous", "former member", "agora", "agora team", "null"]
# Scripts that are commonly written next to Latin letters in one name ("李华Li") and do not imitate them.
EAST_ASIAN = {"HAN", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"}
_SEPARATORS = str.maketrans("", "", " _-.·・")


def _is_hidden(ch):
    category = unicodedata.category(ch)
    return (category in {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"} or (category == "Zs" and ch != " ")
            or ch in BLANK_LETTERS)


def name_refusal(name):
    """None for a name that may be used, else the sentence that says why not."""
    name = unicodedata.normalize("NFC", name)
    if any(_is_hidden(ch) for ch in name):
        return _("Names cannot contain invisible characters, or characters that change the direction of the text.")
    marks = 0
    for ch in unicodedata.normalize("NFD", name):
        marks = marks + 1 if unicodedata.category(ch) in {"Mn", "Me"} else 0
        if marks > 2:  # Vietnamese needs two at most
            return _("This name piles up too many accents on one letter.")
    if is_reserved(name):
        return _("This name is kept for the board itself. Please choose another.")
    alphabetic = "".join(ch for ch in name if categories.alias(ch) not in EAST_ASIAN
                         and unicodedata.category(ch) not in {"Mn", "Me"})
    if alphabetic and confusables.is_dangerous(alphabetic):
        return _("This name mixes letters from different alphabets that look alike (such as Cyrillic “а” and "
                 "Latin “a”). Please write it in one alphabet.")
    return None


@lru_cache(maxsize=4096)
def _latin_lookalike(ch):
    if ch.isascii():
        return ch
    found = confusables.is_confusable(ch, preferred_aliases=["latin", "common"])
    if found:
        for glyph in found[0]["homoglyphs"]:
            if glyph["c"].isascii():
                return glyph["c"].lower()
    return ch


def skeleton(name):
    """What a name looks like: "Ａｄｍｉｎ", "аdmin" (Cyrillic а) and "ad_min" all give "admin"."""
    folded = unicodedata.normalize("NFKC", name).casefold().translate(_SEPARATORS)
    return "".join(_latin_lookalike(ch) for ch in folded)


def is_reserved(name):
    return skeleton(name) in {skeleton(reserved) for reserved in [*RESERVED_NAMES, settings.SITE_NAME]}


def lookalike_refusal(name, user=None):
    """Refuse a name that looks like another member's username or display name."""
    from django.db.models import Q

    from .models import User

    key = skeleton(name)
    if not key:
        return None
    others = User.objects.filter(Q(name_key=key) | Q(display_key=key))
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    if others.exists():
        return _("This name looks the same as another member’s name. Please choose another.")
    return None
