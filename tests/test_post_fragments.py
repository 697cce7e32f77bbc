"""The topic page's cached per-post fragments (forum.fragments): the parts that are the same for every reader come
from the cache, and whatever they are made of changing shows at once; what differs between readers never leaks."""

import re

import pytest

from forum import fragments, services
from forum.models import Post, Topic
from moderation.services import edit_post, set_topic_flag

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
