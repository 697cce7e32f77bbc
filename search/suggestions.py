"""Did you mean...? For a search that found nothing: the same search with its misspelt words replaced by close words
of the board, offered only when the viewer would find something with it.

Where the words come from: the vocabulary (search.models.Word, every word any post or title has used, kept by
triggers). Which may be offered: only words that find a post the viewer may see (Post.objects.visible_to, the rule
every page uses), so a word written only in a hidden post, a queued post or a forum the viewer cannot read is never
shown. Cost: at most three queries whatever the size of the board: the close words of at most MAX_WORDS typed words
(pg_trgm's distance through a GiST index, CANDIDATES each), which of those words find a visible post (one query,
an EXISTS per word through the GIN index), and whether the whole suggestion does, with the search's filters.
Without pg_trgm (a host that lacks PostgreSQL's contrib extensions) there is simply no suggestion."""

import re

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef, Value

from forum.models import Post

from .models import Word
from .queries import CJK_RUN, Matches, ParsedQuery, narrowing

# The same words as the vocabulary's (search/migrations/0002_vocabulary.py): Latin script, 3 to 40 letters.
LETTER = "a-zà-öø-ÿā-ž"
WORD = re.compile(rf"[{LETTER}](?:[{LETTER}'-]*[{LETTER}])?", re.IGNORECASE)
MAX_WORDS = 4
CANDIDATES = 5

CLOSE_WORDS = """
SELECT q.word, v.word FROM unnest(%s::text[]) AS q(word)
CROSS JOIN LATERAL (
  SELECT w.word FROM search_word AS w
  WHERE w.word %% q.word AND w.word <> q.word
  ORDER BY w.word <-> q.word, w.word
  LIMIT %s
) AS v
"""


def _typed_words(text):
    words = []
    for match in WORD.finditer(CJK_RUN.sub(" ", text)):
        word = match[0].lower()
        if 3 <= len(word) <= 40 and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _close_words(words):
    """{typed word: [close words of the vocabulary, closest first]}; None without pg_trgm."""
    close = {word: [] for word in words}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(CLOSE_WORDS, [words, CANDIDATES])
            rows = cursor.fetchall()
    except DatabaseError:  # pg_trgm missing: its operators are unknown
        return None
    for typed, word in rows:
        close[typed].append(word)
    return close


def _finding(viewer, words):
    """Which of `words` find a post the viewer may see (one query)."""
    visible = Post.objects.visible_to(viewer).filter(
        Matches(F("search_document__document"), ParsedQuery(OuterRef("word"))))
    return set(Word.objects.filter(word__in=words).annotate(found=Exists(visible)).filter(found=True)
               .values_list("word", flat=True))


def suggest(viewer, text, **filters):
    """A better search than `text` for `viewer` (the search's filters as for queries.search_posts), or None."""
    if connection.vendor != "postgresql":
        return None
    words = _typed_words(text)
    close = _close_words(words) if words else None
    if not close or not any(close.values()):
        return None
    found = _finding(viewer, set(words) | {word for candidates in close.values() for word in candidates})
    replacements = {}
    for word in words:
        if word in found:
            continue  # spelt as the board spells it, in a post the viewer may see
        better = next((candidate for candidate in close[word] if candidate in found), None)
        if better:
            replacements[word] = better
    if not replacements:
        return None
    suggestion = WORD.sub(lambda m: replacements.get(m[0].lower(), m[0]), text)
    narrowed = narrowing(**filters)
    hits = Post.objects.visible_to(viewer).filter(
        Matches(F("search_document__document"), ParsedQuery(Value(suggestion))), **narrowed)
    return suggestion if hits.exists() else None
