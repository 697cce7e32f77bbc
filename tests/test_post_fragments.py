"""The topic page's cached per-post fragments (forum.fragments): the parts that are the same for every reader come
from the cache, and whatever they are made of changing shows at once; what differs between readers never leaks."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forum import fragments, services
from forum.models import ForumPermission, Moderator, Post, Topic
from moderation.services import edit_post, hide_post, set_topic_flag
from reactions.services import react
from ratings.services import rate_topic
from recommendations.services import recommend_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered_parts(monkeypatch):
    """The post parts the page had to render (not found in the cache)."""
    seen = []
    real = fragments.render_part

    def counting(part, post, cards):
        seen.append((part, post.pk))
        return real(part, post, cards)

    monkeypatch.setattr(fragments, "render_part", counting)
    return seen


def page(client, topic):
    # A query string keeps the page out of the guest page cache: this is about the fragments under it.
    return client.get(topic.get_absolute_url() + "?fresh").content.decode()


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_second_reading_renders_no_post_part_and_shows_the_same_page(client, make_topic, rendered_parts):
    topic = make_topic(posts=5)
    first = page(client, topic)
    assert len({pk for _part, pk in rendered_parts}) == 5
    rendered_parts.clear()
    assert without_tokens(page(client, topic)) == without_tokens(first)
    assert rendered_parts == []


def test_an_edit_shows_at_once(client, make_topic, make_member):
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    page(client, topic)
    edit_post(post, post.author, "<p>Changed words</p>", reason="typo")
    html = page(client, topic)
    assert "Changed words" in html and "Post 2" not in html


def test_the_authors_counters_and_name_show_at_once(client, make_topic, member):
    topic = make_topic(posts=2)
    assert f"<dd>{member.post_count}</dd>" in page(client, topic)
    type(member).objects.filter(pk=member.pk).update(post_count=4321, display_name="Renamed Person")
    html = page(client, topic)
    assert "<dd>4,321</dd>" in html and "Renamed Person" in html


def test_a_card_is_never_served_from_another_readers_cache(client, make_topic, make_member):
    """A moderator's reading caches the body with the card of a hidden topic; a guest reading next gets the plain
    link, and the moderator still gets the card."""
    target = make_topic(title="Card title only staff may read")
    embedder = make_member("embedder")
    topic = services.create_topic(target.forum, embedder, "Embeds",
                                  f'<div class="embed" data-embed-url="/topic/{target.pk}/"></div>')
    moderator = make_member("moderator", group="Administrators")
    set_topic_flag(target, "hide", make_member("hider", group="Moderators"))
    client.force_login(moderator)
    assert "Card title only staff may read" in page(client, topic)
    client.logout()
    assert "Card title only staff may read" not in page(client, topic)
    Topic.objects.filter(pk=target.pk).update(is_hidden=False)
    assert "Card title only staff may read" in page(client, topic)


def test_each_language_has_its_own_fragments(client, make_topic):
    topic = make_topic(posts=1)
    assert "Posted " in page(client, topic)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(topic.get_absolute_url() + "?fresh", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Posted " not in html


def test_a_guest_authors_name_is_their_own(client, make_topic):
    topic = make_topic(posts=1)
    Post.objects.bulk_create([Post(topic=topic, position=2, author=None, author_name="Visitor One",
                                   content="<p>one</p>"),
                              Post(topic=topic, position=3, author=None, author_name="Visitor Two",
                                   content="<p>two</p>")])
    Topic.objects.filter(pk=topic.pk).update(last_position=3, post_count=3)
    html = page(client, topic)
    assert "Visitor One" in html and "Visitor Two" in html


# Each post's whole HTML (forum.fragments.PostArticles): shared by readers in the same situation, never shown to a
# reader in another one, redrawn at once when anything it shows changes, and never holding a reader's CSRF token.

@pytest.fixture
def drawn_posts(monkeypatch):
    """The posts whose whole HTML the page had to draw (not found in the cache)."""
    seen = []
    real = fragments.render_article

    def counting(post, context, for_cache=False):
        seen.append(post.pk)
        return real(post, context, for_cache)

    monkeypatch.setattr(fragments, "render_article", counting)
    return seen


def article(html, post):
    """The HTML of one post's <article> on a page."""
    start = html.index(f'id="comment-{post.pk}"')
    return html[start:html.index("</article>", start)]


def reading(client, user, topic, post):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return article(page(client, topic), post)


def test_members_in_the_same_situation_share_each_posts_html(client, make_topic, make_member, drawn_posts):
    topic = make_topic(posts=3)
    posts = list(topic.posts.all())
    client.force_login(make_member("first"))
    first = page(client, topic)
    assert len(drawn_posts) == 3
    drawn_posts.clear()
    client.force_login(make_member("second"))
    second = page(client, topic)
    assert drawn_posts == []
    assert [without_tokens(article(second, post)) for post in posts] == [
        without_tokens(article(first, post)) for post in posts]


def test_a_moderators_tools_never_show_to_another_reader(client, make_topic, make_member, board):
    """Two moderators who differ only in their tools, a member and a guest, in every order."""
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    hider, deleter = make_member("hider", mfa=True), make_member("deleter", mfa=True)
    Moderator.objects.create(user=hider, tools=["hide"]).forums.add(board)
    Moderator.objects.create(user=deleter, tools=["delete"]).forums.add(board)
    reader = make_member("reader")
    for user in (hider, deleter, reader, None, deleter, hider, None, reader):
        shown = reading(client, user, topic, post)
        assert ("Hide post" in shown) == (user == hider), user
        assert ("Move to the recycle bin" in shown) == (user == deleter), user


def test_the_authors_edit_and_delete_never_show_to_another_member(client, make_topic, member, make_member, board,
                                                                   groups):
    # Members may not react here: the author and another member differ only in what they may do with the post.
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_react=False, can_delete_own=True)
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    edit = reverse("moderation:edit_post", kwargs={"pk": post.pk})
    for user in (member, make_member("other"), None, member):
        shown = reading(client, user, topic, post)
        assert (edit in shown) == ("Delete my post" in shown) == (user == member), user


def test_a_members_own_reaction_is_theirs_and_new_reactions_show_at_once(client, make_topic, make_member,
                                                                         reaction_types):
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    fan, reader = make_member("fan"), make_member("reader")
    reading(client, reader, topic, post)
    react(post, fan, reaction_types["Haha"])
    assert "your reaction; change it" in reading(client, fan, topic, post)
    shown = reading(client, reader, topic, post)
    assert "your reaction; change it" not in shown and "Haha:</span> 1" in shown
    assert "Haha:</span> 1" in reading(client, None, topic, post)
    react(post, reader, reaction_types["Haha"])
    for user in (fan, reader, None):
        assert "Haha:</span> 2" in reading(client, user, topic, post)
    assert "your reaction; change it" in reading(client, reader, topic, post)


def test_moderation_and_recommendations_show_at_once(client, make_topic, make_member):
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    moderator, reader = make_member("mod", group="Moderators"), make_member("reader")
    assert "Recommended" not in reading(client, reader, topic, post)
    recommend_post(post, moderator)
    assert 'class="recommended-flag"' in reading(client, reader, topic, post)
    hide_post(post, moderator, reason="Off topic")
    client.force_login(reader)
    assert f'id="comment-{post.pk}"' not in page(client, topic)
    shown = reading(client, moderator, topic, post)
    assert "Off topic" in shown and ">Unhide</button>" in shown


def test_no_csrf_token_is_cached_and_each_reader_gets_their_own(make_topic, make_member, monkeypatch,
                                                                 reaction_types):
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    stored = []
    real = fragments.cache.set_many
    monkeypatch.setattr(fragments.cache, "set_many", lambda values, *a, **k: (stored.append(values),
                                                                               real(values, *a, **k))[1])
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
    for name in ("first", "second"):  # the second reads every post from the cache
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_member(name))
        shown = article(page(client, topic), post)
        token = tokens.search(shown)[1]
        assert token != fragments.CSRF_PLACEHOLDER
        assert all(token not in html for values in stored for html in values.values())
        response = client.post(reverse("reactions:react", kwargs={"pk": post.pk}),
                               {"kind": reaction_types["Like"].pk, "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert any(fragments.CSRF_PLACEHOLDER in html for values in stored for html in values.values())


def test_the_share_menus_come_from_the_cache_with_the_readers_token_and_a_new_title_at_once(make_topic, make_member):
    topic = make_topic(posts=1, title="First title")
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
    for name in ("first", "second"):  # the second reader's menus come from the cache
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_member(name))
        html = page(client, topic)
        menu = html[html.index("data-post-share-menu"):]
        token = tokens.search(menu[menu.index("data-short-link"):])[1]
        assert token != fragments.CSRF_PLACEHOLDER
        response = client.post(reverse("sharing:create"), {"topic": topic.pk, "csrfmiddlewaretoken": token})
        assert response.status_code != 403
    Topic.objects.filter(pk=topic.pk).update(title="Second title")
    html = page(client, topic)
    assert 'data-title="Second title"' in html and "First title" not in html


def test_the_rating_block_shows_each_reader_their_own_stars_and_a_new_rating_at_once(client, make_topic, make_member):
    topic = make_topic(posts=1)
    rater, reader = make_member("rater"), make_member("reader")
    rate_topic(topic, rater, 4)
    for user in (rater, reader, None, rater):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = page(client, topic)
        assert ('value="4" id="rate-4" checked' in html) == (user == rater), user
        assert "4.0 out of 5, 1 rating" in html
    rate_topic(topic, reader, 2)
    client.force_login(reader)
    html = page(client, topic)
    assert 'value="2" id="rate-2" checked' in html and "3.0 out of 5, 2 ratings" in html
    assert not tokens_of(html) & {fragments.CSRF_PLACEHOLDER}


def tokens_of(html):
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html))
