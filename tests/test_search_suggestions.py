"""Did you mean...? A search that finds nothing offers the same search with its misspelt words replaced by words of
posts the viewer may see, never by a word only hidden content holds, in a fixed, small number of queries; without
PostgreSQL's pg_trgm the page simply offers nothing."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import TOOL_NAMES, Forum, ForumPermission, Moderator, Post, Topic
from search import suggestions
from search.models import Word


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # searches are counted in the cache (the rate limit)
    yield
    cache.clear()


def suggestion(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    found = re.search(r'class="search-suggestion">.*?<a href="([^"]*)"[^>]*><bdi>(.*?)</bdi></a>',
                      response.content.decode(), re.S)
    return (unescape(found[2]), unescape(found[1])) if found else None


@pytest.fixture
def words(board, member, make_member):
    """Visible words, and words that only invisible content holds: a hidden post, a queued post, a hidden topic, a
    forum members may not read."""
    author = make_member("author")
    topic = services.create_topic(board, author, "Treaty talk", "<p>The science agreement was renewed.</p>")
    Post.objects.create(topic=topic, position=topic.last_position + 1, author=author,
                        content="<p>zeppelinarium secrets</p>", state=Post.State.HIDDEN)
    Post.objects.create(topic=topic, position=topic.last_position + 2, author=author,
                        content="<p>quartermastery notes</p>", state=Post.State.PENDING)
    hidden = services.create_topic(board, author, "Flagged", "<p>lighthousekeeper</p>")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)
    staff = Forum.objects.create(category=board.category, name="Staff only")
    for group in (None, member.primary_group):
        ForumPermission.objects.create(forum=staff, group=group, can_see=False, can_read=False)
    services.create_topic(staff, author, "Staff", "<p>wheelbarrowful plans</p>")
    return {"author": author, "topic": topic, "staff": staff}


def test_a_misspelt_word_gets_the_boards_spelling_with_a_link_that_finds_it(client, words):
    assert Word.objects.filter(word="agreement").exists()  # learnt by the trigger as the post was written
    found = suggestion(client, q="Science agrement")
    assert found is not None
    text, url = found
    assert text == "Science agreement"
    assert "q=Science+agreement" in url
    assert "Treaty talk" in client.get("/search/" + url).content.decode()


def test_a_search_that_finds_something_offers_no_suggestion(client, words):
    assert suggestion(client, q="agreement") is None


@pytest.mark.parametrize("viewer", ["guest", "member", "other_mod"])
@pytest.mark.parametrize("typed", ["zeppelinarum", "quartermastry", "lighthousekeper", "wheelbarowful"])
def test_a_word_only_invisible_content_holds_is_never_suggested(client, member, make_member, words, viewer, typed):
    assert Word.objects.filter(word__in=["zeppelinarium", "quartermastery", "lighthousekeeper",
                                         "wheelbarrowful"]).count() == 4  # the vocabulary holds them all
    if viewer == "member":
        client.force_login(member)
    elif viewer == "other_mod":
        other = make_member("othermod", mfa=True)
        Moderator.objects.create(user=other, tools=TOOL_NAMES).forums.add(words["staff"])
        client.force_login(other)
    assert suggestion(client, q=typed) is None


def test_the_forums_moderator_is_offered_the_hidden_posts_word(client, board, make_member, words):
    moderator = make_member("boardmod", mfa=True)
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board)
    client.force_login(moderator)
    assert suggestion(client, q="zeppelinarum")[0] == "zeppelinarium"


def test_a_word_that_becomes_visible_is_offered_and_one_hidden_later_is_not(client, words):
    hidden = Post.objects.get(content__contains="zeppelinarium")
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.VISIBLE)
    assert suggestion(client, q="zeppelinarum")[0] == "zeppelinarium"
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.DELETED, deleted_at=timezone.now())
    assert suggestion(client, q="zeppelinarum") is None


def test_the_suggestion_keeps_the_filters_and_must_find_something_with_them(client, board, words):
    services.create_topic(words["staff"], words["author"], "Elsewhere", "<p>unrelated</p>")
    other = Forum.objects.create(category=board.category, name="Other")
    text, url = suggestion(client, q="agrement", forum=board.pk)
    assert text == "agreement" and f"forum={board.pk}" in url
    assert suggestion(client, q="agrement", forum=other.pk) is None  # nothing there to find


def test_a_suggestion_costs_a_fixed_number_of_queries(client, words, make_topic):
    client.get("/search/", {"q": "agrement"})  # warm: the page's own lookups (board settings, forums)
    counts = []
    for typed in ("agrement", "agrement scence renewd treety"):
        with CaptureQueriesContext(connection) as captured:
            client.get("/search/", {"q": typed})
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert len(suggestions._typed_words("one two three four five six seven")) == suggestions.MAX_WORDS


def test_without_pg_trgm_there_is_simply_no_suggestion(client, words):
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")
    response = client.get("/search/", {"q": "agrement"})
    assert response.status_code == 200
    assert "Nothing you can see matches" in response.content.decode()
    assert "search-suggestion" not in response.content.decode()


def test_the_rebuild_command_learns_the_words_again(client, words):
    from django.core.management import call_command

    Word.objects.all().delete()
    assert suggestion(client, q="agrement") is None
    call_command("rebuild_search_index", "--quiet")
    assert Word.objects.filter(word__in=["agreement", "treaty"]).count() == 2  # a post's words and a title's
    assert suggestion(client, q="agrement")[0] == "agreement"
