"""Searching posts: through Post.objects.visible_to(viewer) (the rule every page uses), in a fixed number of
queries whatever the size of the board: one to read the query, one for the matching ids (at most
AGORA_SEARCH_SPARSE), one bounded count, one for the page's ids in order, one for those posts."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Value, When

from forum.models import Post

from .models import PostDocument

# Chinese characters and Japanese kana: the same ranges as the database functions (search/migrations/0001_initial.py).
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


class ParsedQuery(Func):
    """What the visitor typed, as a tsquery (agora_search_query: English stemmed, Chinese as bigrams)."""

    function = "agora_search_query"
    output_field = SearchQueryField()


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class TsRank(Func):
    function = "ts_rank"
    output_field = FloatField()


class TitleOnly(Func):
    """The title's part of a document (weight A)."""

    function = "ts_filter"
    template = "%(function)s(%(expressions)s, '{a}')"


@dataclass
class Terms:
    """A query, read by PostgreSQL: whether it holds anything to look for, and what to highlight."""

    text: str
    searchable: bool = False
    english_stems: set = field(default_factory=set)
    cjk_words: list = field(default_factory=list)


def read_terms(text):
    """One query: does the text hold a word (not only punctuation or stop words), and its English stems."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(agora_search_query(%s)), agora_search_english_query(%s)::text", [text, text])
        nodes, english = cursor.fetchone()
    return Terms(
        text=text, searchable=bool(nodes),
        english_stems={m.replace("''", "'") for m in _LEXEME.findall(english or "")},
        cjk_words=CJK_RUN.findall(text),
    )


@dataclass
class Results:
    posts: list
    count: int
    capped: bool  # more than settings.AGORA_SEARCH_MAX_RESULTS matched; count is that limit
    page_number: int
    page_count: int


def narrowing(forum_id=None, author_ids=None, since=None, until=None, topics_only=False):
    """The visitor's filters, as lookups on Post."""
    narrowed = {}
    if forum_id:
        narrowed["topic__forum_id"] = forum_id
    if author_ids:
        narrowed["author_id__in"] = author_ids
    if since:
        narrowed["created_at__gte"] = since
    if until:
        narrowed["created_at__lt"] = until
    if topics_only:
        narrowed["position"] = 1
    return narrowed


def search_posts(viewer, terms, forum_id=None, author_ids=None, since=None, until=None, topics_only=False,
                 newest=False, page_number=1):
    """The viewer's page of results: posts they may see that match, best first (a title match before any text
    match) or newest first.

    At most AGORA_SEARCH_MAX_RESULTS are counted and shown, and when more match, the newest that many are the ones
    ranked: ranking means reading every candidate's document, so a word found in half the board would otherwise
    cost what reading half the board costs. A rare word is ranked among all its matches."""
    per_page = settings.AGORA_SEARCH_PER_PAGE
    limit = settings.AGORA_SEARCH_MAX_RESULTS
    query = ParsedQuery(Value(terms.text))
    document = F("search_document__document")
    narrowed = narrowing(forum_id, author_ids, since, until, topics_only)
    # Two ways to the newest matches, chosen by how many posts match the words and filters at all (read through the
    # GIN index, never shown: the visibility rule decides what is). Few: their ids, then the visible posts among
    # them by primary key. Many: walk the posts newest first (index post_newest) and stop at the limit, a few steps
    # per match when matches are that dense.
    sparse = settings.AGORA_SEARCH_SPARSE
    documents = PostDocument.objects.filter(Matches(F("document"), query),
                                            **{f"post__{lookup}": value for lookup, value in narrowed.items()})
    ids = list(documents.values_list("post_id", flat=True)[: sparse + 1])
    if len(ids) <= sparse:
        matching = Post.objects.visible_to(viewer).filter(pk__in=ids)
    else:
        matching = Post.objects.visible_to(viewer).filter(Matches(document, query), **narrowed)
    count = matching.order_by().values("pk")[: limit + 1].count()
    capped = count > limit
    count = min(count, limit)
    page_count = max(1, -(-count // per_page))
    page_number = min(max(page_number, 1), page_count)
    if not count:
        return Results(posts=[], count=0, capped=False, page_number=1, page_count=1)
    newest_first = matching.order_by("-created_at", "-pk")
    start = (page_number - 1) * per_page
    if newest:
        ids = newest_first.values_list("pk", flat=True)
    else:
        title_match = Case(When(Matches(TitleOnly(document), query), then=Value(1.0)), default=Value(0.0),
                           output_field=FloatField())
        ids = (Post.objects.filter(pk__in=newest_first.values("pk")[:limit])
               .annotate(rank=TsRank(document, query) + title_match).order_by("-rank", "-created_at", "-pk")
               .values_list("pk", flat=True))
    # The page's ids first, then its 20 posts with their topics and authors: joining those for every ranked
    # candidate before keeping 20 cost more than the ranking itself.
    ids = list(ids[start:start + per_page])
    shown = Post.objects.select_related("topic__forum", "author").in_bulk(ids)
    page = [shown[pk] for pk in ids if pk in shown]
    return Results(posts=page, count=count, capped=capped, page_number=page_number, page_count=page_count)
