"""Excerpts with the words that matched marked: built from the stored, sanitized post (forum.content.plain_text),
escaped, with <mark> added around matches. Chinese words are found as written; English words by their stem, with
the Snowball English stemmer, the algorithm PostgreSQL's 'english' configuration uses, so "agreements" marks
"agreement" as the index matched it."""

import re
from functools import lru_cache
from html import escape

import snowballstemmer
from django.utils.safestring import mark_safe

from forum.content import plain_text

from .queries import CJK_RUN

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def _stem(word):
    """A word's stem, remembered: a page of excerpts stems the same few thousand words again and again, and the
    stemmer is pure Python."""
    return _stemmer.stemWord(word.lower())

# A word as PostgreSQL's parser sees one: letters and digits, but not Chinese (indexed by character pairs instead).
_WORD = re.compile(r"(?:(?!" + CJK_RUN.pattern[:-1] + r")[^\W_])+")
BEFORE = 60  # characters of context shown before the first match


def match_spans(text, terms):
    """(start, end) of every match in `text`, sorted and merged."""
    spans = []
    for word in terms.cjk_words:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    if terms.english_stems:
        for match in _WORD.finditer(text):
            if _stem(match[0]) in terms.english_stems:
                spans.append(match.span())
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms, length=None):
    """Escaped `text` with matches in <mark>; with `length`, a window of that many characters around the first
    match, with an ellipsis where text was left out."""
    spans = match_spans(text, terms)
    start, end = 0, len(text)
    if length and len(text) > length:
        start = max(0, min(spans[0][0] - BEFORE if spans else 0, len(text) - length))
        end = start + length
    out, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return mark_safe(("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else ""))


def excerpt(stored_html, terms, length=240):
    return highlight(plain_text(stored_html), terms, length)
