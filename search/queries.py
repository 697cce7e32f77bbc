"""Searching posts: through Post.objects.visible_to(viewer) (the rule every page uses), in a fixed number of
queries whatever the size of the board: one to read the query, one bounded count, one page of results."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Value, When

from forum.models import Post

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


def search_posts(viewer, terms, forum_id=None, author_ids=None, since=None, until=None, topics_only=False,
                 newest=False, page_number=1):
    """The viewer's page of results: posts they may see that match, best first (a title match before any text
    match) or newest first. Counting stops at AGORA_SEARCH_MAX_RESULTS, so a common word costs no more than a rare
    one."""
    per_page = settings.AGORA_SEARCH_PER_PAGE
    limit = settings.AGORA_SEARCH_MAX_RESULTS
    query = ParsedQuery(Value(terms.text))
    document = F("search_document__document")
    posts = Post.objects.visible_to(viewer).filter(Matches(document, query))
    if forum_id:
        posts = posts.filter(topic__forum_id=forum_id)
    if author_ids:
        posts = posts.filter(author_id__in=author_ids)
    if since:
        posts = posts.filter(created_at__gte=since)
    if until:
        posts = posts.filter(created_at__lt=until)
    if topics_only:
        posts = posts.filter(position=1)
    count = posts.values("pk")[: limit + 1].count()
    capped = count > limit
    count = min(count, limit)
    page_count = max(1, -(-count // per_page))
    page_number = min(max(page_number, 1), page_count)
    if newest:
        posts = posts.order_by("-created_at", "-pk")
    else:
        title_match = Case(When(Matches(TitleOnly(document), query), then=Value(1.0)), default=Value(0.0),
                           output_field=FloatField())
        posts = posts.annotate(rank=TsRank(document, query) + title_match).order_by("-rank", "-created_at", "-pk")
    start = (page_number - 1) * per_page
    page = list(posts.select_related("topic__forum", "author")[start:start + per_page]) if count else []
    return Results(posts=page, count=count, capped=capped, page_number=page_number, page_count=page_count)
