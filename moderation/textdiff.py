"""A word-level diff of two versions of a post's text, for the edit history: what was added and what was removed,
inline, as a reader sees the text (tags dropped, entities decoded; the template escapes it all again).

Words are runs of letters and digits, and each punctuation mark is a token; Chinese, Japanese and Korean text has
no spaces between words, so each of its characters is a token of its own."""

import difflib
import html
import re

from django.utils.html import strip_tags

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff" \
       "\uff00-\uffef\U00020000-\U0003ffff"
TOKEN = re.compile(rf"[{_CJK}]|\s+|[^\W{_CJK}]+|[^\w\s]", re.UNICODE)
_BLOCK_END = re.compile(r"(?i)</(?:p|li|h[1-6]|blockquote|pre|div|tr)>|<br\s*/?>")


def plain_text(content_html):
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", content_html)))
    return "\n".join(line.strip() for line in text.strip().splitlines())


def tokens(text):
    return TOKEN.findall(text)


def word_diff(old_html, new_html):
    """-> [(kind, text)] with kind "same", "removed" or "added", neighbours of one kind joined."""
    old, new = tokens(plain_text(old_html)), tokens(plain_text(new_html))
    pieces = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    joined = []
    for kind, text in pieces:
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, joined[-1][1] + text)
        else:
            joined.append((kind, text))
    return joined


def changed(pieces):
    return any(kind != "same" for kind, _text in pieces)
