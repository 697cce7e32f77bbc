"""Search: Chinese found by characters side by side, English by stem, only what the viewer may see, an index the
write paths keep current, and calm answers to bad queries."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import Forum, ForumPermission, Moderator, Post, Topic, TOOL_NAMES
from moderation import services as moderation
from search.models import PostDocument


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # django-ratelimit counts searches in the cache, which outlives each test
    yield
    cache.clear()


def titles(client, **params):
    """The result titles (text, marks removed) and the shown count for a search."""
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    html = response.content.decode()
    links = re.findall(r'<li class="search-result">\s*<h2><a [^>]*>(.*?)</a>', html, re.S)
    found = [unescape(re.sub(r"<[^>]+>", "", t)) for t in links]
    count = re.search(r'class="search-count"[^>]*>\s*(.*?)\s*</p>', html, re.S)
    return found, (count[1].strip() if count else None)


@pytest.fixture
def write(board, member):
    def write(title, content="<p>text</p>", forum=None, author=None):
        return services.create_topic(forum or board, author or member, title, content)
    return write


def test_two_chinese_characters_side_by_side_are_found_and_apart_are_not(client, write):
    write("Side by side", "<p>美国和中国签署了科技协议。</p>")
    write("Apart", "<p>协商之后,双方没有异议。</p>")
    assert titles(client, q="协议")[0] == ["Side by side"]
    assert titles(client, q="科技")[0] == ["Side by side"]


def test_a_four_character_word_needs_all_four_in_order(client, write):
    write("Whole word", "<p>中美科技协议延期</p>")
    write("Pieces", "<p>科技合作与协议谈判</p>")
    assert titles(client, q="科技协议")[0] == ["Whole word"]


def test_one_character_finds_every_post_that_has_it(client, write):
    write("Start", "<p>协商</p>")
    write("End", "<p>妥协</p>")
    write("Alone", "<p>一个 协 字</p>")
    write("Without", "<p>没有</p>")
    assert sorted(titles(client, q="协")[0]) == ["Alone", "End", "Start"]


def test_mixed_english_and_chinese_query(client, write):
    write("Both", "<p>The STA is a 协议 between two countries.</p>")
    write("Only English", "<p>The STA was renewed.</p>")
    write("Only Chinese", "<p>这是一个协议。</p>")
    assert titles(client, q="STA 协议")[0] == ["Both"]


def test_english_is_stemmed(client, write):
    write("Singular", "<p>The agreement was signed.</p>")
    assert titles(client, q="agreements")[0] == ["Singular"]
    assert titles(client, q="signing")[0] == ["Singular"]


@pytest.mark.parametrize("sparse", [5000, 0], ids=["few", "many"])
def test_a_title_match_ranks_before_text_matches(client, settings, write, sparse):
    settings.AGORA_SEARCH_SPARSE = sparse
    write("Budget talk", "<p>Numbers.</p>")
    write("Other things", "<p>budget budget budget, the budget and budgets again</p>")
    found, _count = titles(client, q="budget")
    assert found == ["Budget talk", "Other things"]


def test_the_excerpt_marks_matches_and_escapes_the_text(client, write):
    write("Escaping", "<p>Use &lt;script&gt;alert(1)&lt;/script&gt; with the agreements 协议 here.</p>")
    html = client.get("/search/", {"q": "agreement 协议"}).content.decode()
    excerpt = re.search(r'<p class="search-excerpt">(.*?)</p>', html, re.S)[1]
    assert "&lt;script&gt;" in excerpt and "<script>" not in excerpt
    assert "<mark>agreements</mark>" in excerpt and "<mark>协议</mark>" in excerpt


def test_a_result_links_to_the_page_of_its_topic_that_holds_it(client, make_topic):
    topic = make_topic(posts=30, title="Long one")
    post = Post.objects.get(topic=topic, position=28)
    Post.objects.filter(pk=post.pk).update(content="<p>unusualword here</p>")
    html = client.get("/search/", {"q": "unusualword"}).content.decode()
    assert f'href="{topic.get_page_url(2)}#comment-{post.pk}"' in html


# Only what the viewer may see ----------------------------------------------------------------------------------------
@pytest.fixture
def hidden_things(board, member, make_member):
    """One visible post, and every kind of post the guest, a member and another forum's moderator must not find,
    all containing the word 'zebra' and 斑马."""
    words = "<p>zebra 斑马</p>"
    other_forum = Forum.objects.create(category=board.category, name="Other")
    staff_forum = Forum.objects.create(category=board.category, name="Staff only")
    for group in (None, member.primary_group):
        ForumPermission.objects.create(forum=staff_forum, group=group, can_see=False, can_read=False)
    author = make_member("author")
    services.create_topic(board, author, "Visible zebra", words)
    topic = services.create_topic(board, author, "Container", "<p>nothing here</p>")
    for state in (Post.State.HIDDEN, Post.State.PENDING, Post.State.DELETED):
        topic.refresh_from_db()
        Post.objects.create(topic=topic, position=topic.last_position + 1, author=author, content=words, state=state)
        Topic.objects.filter(pk=topic.pk).update(last_position=topic.last_position + 1)
    Post.objects.create(topic=topic, position=None, author_name="guest@example.org", content=words,
                        state=Post.State.AWAITING_REGISTRATION)
    for flag in ({"is_hidden": True}, {"is_pending": True}, {"deleted_at": timezone.now()}):
        hidden = services.create_topic(board, author, f"Flagged zebra {list(flag)[0]}", words)
        Topic.objects.filter(pk=hidden.pk).update(**flag)
    services.create_topic(staff_forum, author, "Staff zebra", words)
    other_mod = make_member("othermod", mfa=True)
    Moderator.objects.create(user=other_mod, tools=TOOL_NAMES).forums.add(other_forum)
    return {"other_mod": other_mod, "author": author}


# Both ways to the matches: all ids from the index (few matches), and the walk of the newest posts (many).
@pytest.mark.parametrize("sparse", [5000, 0], ids=["few", "many"])
@pytest.mark.parametrize("viewer", ["guest", "member", "other_mod"])
@pytest.mark.parametrize("query", ["zebra", "斑马", "斑"])
def test_invisible_posts_are_not_found_nor_counted(client, settings, member, hidden_things, viewer, query, sparse):
    settings.AGORA_SEARCH_SPARSE = sparse
    if viewer == "member":
        client.force_login(member)
    elif viewer == "other_mod":
        client.force_login(hidden_things["other_mod"])
    found, count = titles(client, q=query)
    assert found == ["Visible zebra"]
    assert count == "1 result"


def test_the_forums_moderator_does_find_hidden_posts(client, board, hidden_things, make_member):
    moderator = make_member("boardmod", mfa=True)
    Moderator.objects.create(user=moderator, tools=TOOL_NAMES).forums.add(board)
    client.force_login(moderator)
    found, _count = titles(client, q="zebra")
    assert "Container" in found and "Flagged zebra is_hidden" in found
    assert "Staff zebra" not in found


def test_the_forum_filter_offers_only_forums_the_viewer_may_see(client, hidden_things):
    html = client.get("/search/").content.decode()
    assert ">Chat<" in html and ">Other<" in html and "Staff only" not in html
    staff = Forum.objects.get(name="Staff only")
    response = client.get("/search/", {"q": "zebra", "forum": staff.pk})
    assert response.status_code == 400 and "Staff zebra" not in response.content.decode()


# The index follows every write ---------------------------------------------------------------------------------------
def test_the_index_follows_edits_moves_hides_deletes_and_restores(client, board, member, admin_user, write):
    topic = write("Moving topic", "<p>giraffe 长颈鹿</p>")
    reply = services.reply(topic, member, "<p>penguin 企鹅</p>")
    other = Forum.objects.create(category=board.category, name="Elsewhere")

    moderation.edit_post(reply, admin_user, "<p>walrus 海象</p>")
    assert titles(client, q="penguin")[0] == [] and titles(client, q="企鹅")[0] == []
    assert titles(client, q="walrus")[0] == ["Moving topic"] and titles(client, q="海象")[0] == ["Moving topic"]

    moderation.move_topic(topic, other, admin_user)
    assert titles(client, q="giraffe", forum=other.pk)[0] == ["Moving topic"]
    assert titles(client, q="giraffe", forum=board.pk)[0] == []

    reply.refresh_from_db()
    moderation.hide_post(reply, admin_user)
    assert titles(client, q="walrus")[0] == []
    moderation.unhide_post(reply, admin_user)
    assert titles(client, q="walrus")[0] == ["Moving topic"]
    moderation.delete_post(reply, admin_user)
    assert titles(client, q="walrus")[0] == []
    moderation.restore_post(reply, admin_user)
    assert titles(client, q="walrus")[0] == ["Moving topic"]

    moderation.delete_topic(topic, admin_user)
    assert titles(client, q="giraffe")[0] == []
    moderation.restore_topic(topic, admin_user)
    assert titles(client, q="giraffe")[0] == ["Moving topic"]


def test_a_new_title_is_found_and_the_old_one_is_not(client, admin_user, write):
    topic = write("Old heading 旧标题", "<p>body</p>")
    moderation.edit_post(topic.posts.get(position=1), admin_user, "<p>body</p>", title="New heading 新标题")
    assert titles(client, q="heading", topics_only="on")[0] == ["New heading 新标题"]
    assert titles(client, q="旧标题")[0] == [] and titles(client, q="新标题")[0] == ["New heading 新标题"]


def test_split_and_merge_carry_titles_to_the_new_first_posts(client, member, admin_user, write):
    topic = write("Original", "<p>first</p>")
    moved = services.reply(topic, member, "<p>second</p>")
    new = moderation.split_topic(topic, [moved.pk], "Split off 分出", admin_user)
    assert titles(client, q="分出")[0] == ["Split off 分出"]
    assert Post.objects.get(pk=moved.pk).topic_id == new.pk
    moderation.merge_topics(new, topic, admin_user)
    # The split topic's title went with it: its post is now a reply in "Original".
    assert titles(client, q="分出")[0] == []
    assert titles(client, q="second")[0] == ["Original"]


def test_deleting_posts_for_good_removes_their_index_rows(board, member, write):
    topic = write("Doomed", "<p>ephemeral</p>")
    assert PostDocument.objects.filter(post__topic=topic).count() == 1
    Topic.objects.filter(pk=topic.pk).delete()
    assert not PostDocument.objects.exists()


def test_rebuild_command_makes_the_whole_index_again(client, write):
    write("Rebuilt 重建", "<p>phoenix</p>")
    PostDocument.objects.all().delete()
    assert titles(client, q="phoenix")[0] == []
    call_command("rebuild_search_index", "--quiet")
    assert titles(client, q="phoenix")[0] == ["Rebuilt 重建"]
    assert titles(client, q="重建")[0] == ["Rebuilt 重建"]


# Filters and sorting -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sparse", [5000, 0], ids=["few", "many"])
def test_filters_by_forum_author_date_and_topics_only(client, settings, board, member, make_member, write, sparse):
    settings.AGORA_SEARCH_SPARSE = sparse
    other_forum = Forum.objects.create(category=board.category, name="Second forum")
    bob = make_member("bob")
    old = write("Old otter", "<p>otter</p>")
    Post.objects.filter(topic=old).update(created_at=timezone.now() - timedelta(days=40))
    write("Bob's otter", "<p>otter</p>", forum=other_forum, author=bob)
    topic = write("Plain title", "<p>nothing</p>")
    services.reply(topic, member, "<p>an otter reply</p>")

    assert sorted(titles(client, q="otter")[0]) == ["Bob's otter", "Old otter", "Plain title"]
    assert titles(client, q="otter", forum=other_forum.pk)[0] == ["Bob's otter"]
    assert titles(client, q="otter", author="BOB")[0] == ["Bob's otter"]
    since = (timezone.now() - timedelta(days=10)).date().isoformat()
    assert "Old otter" not in titles(client, q="otter", since=since)[0]
    assert titles(client, q="otter", until=since)[0] == ["Old otter"]
    assert "Plain title" not in titles(client, q="otter", topics_only="on")[0]
    assert titles(client, q="otter", sort="newest")[0][0] == "Plain title"


def test_unknown_author_and_reversed_dates_are_form_errors(client, write):
    response = client.get("/search/", {"q": "otter", "author": "nobody"})
    assert response.status_code == 400 and "No member is called “nobody”" in response.content.decode()
    response = client.get("/search/", {"q": "otter", "since": "2024-05-02", "until": "2024-05-01"})
    assert response.status_code == 400 and "The end date is before the start date." in response.content.decode()


def test_pages_of_results_use_the_pager(client, settings, write):
    settings.AGORA_SEARCH_PER_PAGE = 2
    for n in range(5):
        write(f"Heron {n}", "<p>heron</p>")
    html = client.get("/search/", {"q": "heron", "sort": "newest", "page": 3}).content.decode()
    assert re.findall(r"<mark>Heron</mark> \d", html) == ["<mark>Heron</mark> 0"]
    assert 'aria-current="page">3<' in html and "?q=heron&amp;sort=newest&amp;page=2" in html


def test_counting_stops_at_the_limit(client, settings, write):
    settings.AGORA_SEARCH_MAX_RESULTS = 3
    for n in range(5):
        write(f"Crane {n}", "<p>crane</p>")
    assert titles(client, q="crane")[1].startswith("More than 3 results")


# Bad queries ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "   ", "!!! ??? ……", "the of and"])
def test_queries_with_nothing_to_find_get_a_friendly_message(client, write, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()


def test_an_overlong_query_is_a_form_error_that_keeps_the_text(client, db):
    query = "长" * 201
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    html = response.content.decode()
    assert "200 characters" in html and f'value="{query}"' in html


@pytest.mark.parametrize("raw", ["q=a%00b", "q=%FF%FEabc", "q=ok&forum=%C0"])
def test_nul_bytes_and_invalid_utf8_are_a_400_page(client, raw):
    """The board's own 400 page (safety's middleware answers before any view: no search runs)."""
    response = client.get(f"/search/?{raw}")
    assert response.status_code == 400
    assert response.templates[0].name == "400.html" and "search-result" not in response.content.decode()


def test_searching_too_often_gets_a_polite_429(client, settings, write):
    settings.AGORA_SEARCH_RATE = "3/m"
    for _n in range(3):
        assert client.get("/search/", {"q": "anything"}).status_code == 200
    response = client.get("/search/", {"q": "anything"})
    assert response.status_code == 429 and response["Retry-After"]
    assert "Please wait a minute" in response.content.decode()
    assert 'value="anything"' in response.content.decode()


def test_a_search_costs_the_same_queries_for_few_and_many_matches(client, write, make_topic):
    write("Few lynx", "<p>lynx</p>")

    def cost():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "lynx"}).status_code == 200
        return len(captured)

    few = cost()
    for n in range(30):
        write(f"Lynx {n}", "<p>lynx and 猞猁</p>")
    assert cost() == few <= 7  # see search.queries: the page of ids, then its posts


def test_the_header_has_a_search_box_on_every_page(client, board):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html


@pytest.mark.parametrize("query", ["'", "\\", "&|!():*", "a <-> b", '"unclosed', "-", "or", "a:*", "🙂🙂", "مرحبا",
                                   "协'议", "&amp;", "<script>", "x" * 200, "协" * 200])
def test_odd_queries_never_fail(client, write, query):
    write("Something", "<p>something 协议</p>")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="content"')[1]


def test_the_author_filter_takes_a_display_name_too(client, make_member, write):
    writer = make_member("wr1", display_name="王小明")
    write("By a named writer", "<p>kestrel</p>", author=writer)
    write("By someone else", "<p>kestrel</p>")
    assert titles(client, q="kestrel", author="王小明")[0] == ["By a named writer"]
