from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from forum.pagination import page_links

from . import excerpts, queries, suggestions
from .forms import SearchForm


def _raw_query_is_text(request):
    """False when a parameter holds a NUL character or bytes that are not UTF-8 (Django would quietly replace
    those with U+FFFD)."""
    raw = request.META.get("QUERY_STRING", "")
    for key, value in parse_qsl(raw, keep_blank_values=True, encoding="latin-1"):
        try:
            text = (key + value).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return False
        if "\x00" in text:
            return False
    return True


class ResultPages:
    """The pager's target: the same search on another page."""

    def __init__(self, params):
        self.params = {key: value for key, value in params.items() if key != "page" and value}

    def get_page_url(self, number):
        params = dict(self.params, **({"page": number} if number > 1 else {}))
        return "?" + urlencode(params)


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def search(request):
    if not _raw_query_is_text(request):
        return render(request, "search/bad_request.html", status=400)
    form = SearchForm(request.GET or None, request.user)
    context = {"form": form}
    if not request.GET:
        return render(request, "search/search.html", context)
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    text = form.cleaned_data["q"]
    if not text:
        context["notice"] = _("Type a word or two to search for.")
        return render(request, "search/search.html", context)
    if is_ratelimited(request, group="search", key="user_or_ip", rate=settings.AGORA_SEARCH_RATE, increment=True):
        response = render(request, "search/search.html", dict(context, rate_limited=True), status=429)
        response["Retry-After"] = "60"
        return response
    if connection.vendor != "postgresql":  # the SQLite fallback, for a quick look, has no full-text search
        context["notice"] = _("Search needs PostgreSQL; this copy of the board runs on SQLite.")
        return render(request, "search/search.html", context)
    terms = queries.read_terms(text)
    if not terms.searchable:
        context["notice"] = _("There is nothing to search for in “%(query)s”: try a word rather than punctuation "
                              "or very common words such as “the”.") % {"query": text}
        return render(request, "search/search.html", context)
    since, until = form.date_bounds()
    filters = {"forum_id": form.cleaned_data["forum"], "author_ids": form.cleaned_data["author"], "since": since,
               "until": until, "topics_only": form.cleaned_data["topics_only"]}
    results = queries.search_posts(request.user, terms, newest=form.cleaned_data["sort"] == "newest",
                                   page_number=_page_number(request), **filters)
    if not results.count:
        suggestion = suggestions.suggest(request.user, text, **filters)
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_url"] = ResultPages(dict(request.GET.items(), q=suggestion)).get_page_url(1)
    for post in results.posts:
        post.search_title = excerpts.highlight(post.topic.title, terms)
        post.search_excerpt = excerpts.excerpt(post.content, terms)
        post.search_url = post.topic.post_url(post)
        post.shown_author = post.author.public_name if post.author_id else post.author_name
    context.update({
        "terms": terms,
        "results": results,
        "pages": ResultPages(request.GET),
        "page_links": page_links(results.page_number, results.page_count),
    })
    return render(request, "search/search.html", context)
