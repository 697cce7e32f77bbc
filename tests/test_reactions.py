import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import ForumPermission, Post
from reactions import services
from reactions.models import PostReactionCount, Reaction, ReactionType
from tests.concurrency import run_at_once
from unread.models import ReadMarker


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def post(make_topic, member):
    """The first post of a topic by `member`."""
    return make_topic(posts=2).posts.get(position=2)


def react_url(post):
    return reverse("reactions:react", kwargs={"pk": post.pk})


def state(post):
    post.refresh_from_db()
    post.author.refresh_from_db()
    return post.reaction_summary, post.author.reputation


def test_a_member_reacts_changes_and_removes_their_reaction(client, post, make_member, reaction_types):
    like, sad = reaction_types["Like"], reaction_types["Sad"]
    reader = make_member("reader")
    client.force_login(reader)
    response = client.post(react_url(post), {"kind": like.pk})
    assert response.status_code == 302 and response.url.endswith(f"#comment-{post.pk}")
    assert state(post) == ({str(like.pk): 1}, 1)
    client.post(react_url(post), {"kind": sad.pk})  # one reaction per member: changing it replaces it
    assert state(post) == ({str(sad.pk): 1}, 0)
    assert Reaction.objects.filter(post=post).count() == 1
    client.post(react_url(post), {"remove": "1"})
    assert state(post) == ({}, 0) and not Reaction.objects.exists()


def test_the_topic_page_shows_counts_the_pressed_reaction_and_reputation(client, post, make_member, reaction_types):
    like = reaction_types["Like"]
    for n in range(3):
        services.react(post, make_member(f"fan{n}"), like)
    reader = make_member("reader")
    services.react(post, reader, reaction_types["Haha"])
    client.force_login(reader)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert f'href="/post/{post.pk}/reactions/?kind={like.pk}"' in html
    assert '<span class="visually-hidden">Like:</span> 3</a>' in html
    assert f'value="{reaction_types["Haha"].pk}" class="reaction-choice" aria-pressed="true"' in html
    assert "<dt>Reputation</dt><dd>4</dd>" in html
    profile = client.get(post.author.get_absolute_url()).content.decode()
    assert "<dt>Reputation</dt><dd>4</dd>" in profile


def test_members_cannot_react_to_their_own_post(client, post, member, reaction_types):
    client.force_login(member)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "data-react-form" not in html
    response = client.post(react_url(post), {"kind": reaction_types["Like"].pk})
    assert response.status_code == 403 and "your own post" in response.content.decode()
    with pytest.raises(services.ReactionRefused):
        services.react(post, member, reaction_types["Like"])
    assert not Reaction.objects.exists()


def test_guests_see_counts_but_no_form_and_cannot_post(client, post, make_member, reaction_types):
    services.react(post, make_member("fan"), reaction_types["Like"])
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "data-react-form" not in html and '<span class="visually-hidden">Like:</span> 1</a>' in html
    assert client.post(react_url(post), {"kind": reaction_types["Like"].pk}).status_code == 403


def test_the_forum_permission_grid_decides_who_may_react(client, post, make_member, groups, board, reaction_types):
    ForumPermission.objects.create(forum=board, group=groups["Members"], can_react=False)
    reader = make_member("reader")
    client.force_login(reader)
    assert "data-react-form" not in client.get(post.topic.get_absolute_url()).content.decode()
    response = client.post(react_url(post), {"kind": reaction_types["Like"].pk})
    assert response.status_code == 403 and "may not react" in response.content.decode()


def test_switched_off_reactions_cannot_be_given_but_keep_showing(client, post, make_member, reaction_types):
    sad = reaction_types["Sad"]
    services.react(post, make_member("fan"), sad)
    ReactionType.objects.filter(pk=sad.pk).update(is_enabled=False)
    from reactions.queries import forget_types

    forget_types()
    reader = make_member("reader")
    client.force_login(reader)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert '<span class="visually-hidden">Sad:</span> 1</a>' in html
    assert f'name="kind" value="{sad.pk}"' not in html
    response = client.post(react_url(post), {"kind": sad.pk})
    assert response.status_code == 400 and "not available" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"kind": "abc"}, {"kind": "-1"}, {"kind": "99999999999999"}])
def test_bad_input_is_a_400_with_a_message(client, post, make_member, reaction_types, data):
    client.force_login(make_member("reader"))
    response = client.post(react_url(post), data)
    assert response.status_code == 400 and b"<h1" in response.content


def test_reacting_needs_a_post_and_csrf(post, make_member, reaction_types):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_member("reader"))
    assert strict.get(react_url(post)).status_code == 405
    assert strict.post(react_url(post), {"kind": reaction_types["Like"].pk}).status_code == 403
    assert not Reaction.objects.exists()


def test_hidden_posts_are_404_to_react_to_for_members(client, post, make_member, reaction_types):
    Post.objects.filter(pk=post.pk).update(state=Post.State.HIDDEN)
    client.force_login(make_member("reader"))
    assert client.post(react_url(post), {"kind": reaction_types["Like"].pk}).status_code == 404
    assert client.get(reverse("reactions:who", kwargs={"pk": post.pk})).status_code == 404


def test_reacting_by_fetch_answers_json_with_the_fresh_block(client, post, make_member, reaction_types):
    client.force_login(make_member("reader"))
    response = client.post(react_url(post), {"kind": reaction_types["Thanks"].pk},
                           HTTP_ACCEPT="application/json")
    body = response.json()
    assert body["message"] == "You reacted with “Thanks”."
    assert '<span class="visually-hidden">Thanks:</span> 1</a>' in body["html"]
    assert 'aria-pressed="true"' in body["html"] and "Remove my reaction" in body["html"]


def test_who_reacted_lists_members_by_reaction_and_paginates(client, post, make_member, reaction_types):
    like, haha = reaction_types["Like"], reaction_types["Haha"]
    fans = [make_member(f"fan{n:02}") for n in range(52)]
    for n, fan in enumerate(fans):
        services.react(post, fan, haha if n == 0 else like)
    url = reverse("reactions:who", kwargs={"pk": post.pk})
    html = client.get(url).content.decode()
    assert "All (52)" in html and "Like (51)" in html and "Haha (1)" in html
    assert html.count('class="reaction-given"') == 50 and 'rel="next"' in html
    assert client.get(url + "?page=2").content.decode().count('class="reaction-given"') == 2
    only_haha = client.get(f"{url}?kind={haha.pk}").content.decode()
    assert "fan00" in only_haha and "fan01" not in only_haha
    assert client.get(f"{url}?kind=nope").status_code == 404


def test_reputation_follows_the_configured_values(post, make_member, reaction_types):
    like, confused = reaction_types["Like"], reaction_types["Confused"]
    services.react(post, make_member("a"), like)
    services.react(post, make_member("b"), confused)
    assert state(post)[1] == 1
    # An administrator makes "Confused" worth -1: the admin recounts the reputation of those who received it.
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    admin = site._registry[ReactionType]
    form = admin.get_form(RequestFactory().post("/"), confused, change=True)(
        data={"name": "Confused", "icon": "😕", "value": -1, "order": 4, "is_enabled": True}, instance=confused)
    assert form.is_valid() and form.changed_data == ["value"]
    admin.save_model(None, form.save(commit=False), form, change=True)
    assert state(post)[1] == 0


def test_the_topic_page_costs_the_same_queries_with_reactions_for_10_and_300_posts(client, make_topic, make_member,
                                                                                   reaction_types):
    reader, fan = make_member("reader"), make_member("fan")
    small, large = make_topic(posts=10, title="Small"), make_topic(posts=300, title="Large")
    # Reactions on every page measured (a page whose posts have none skips the viewer's-reactions query).
    for reacting_post in Post.objects.filter(Q(topic=small) | Q(topic=large, position__lte=10)
                                             | Q(topic=large, position__gt=275)):
        services.react(reacting_post, fan, reaction_types["Like"])
        services.react(reacting_post, reader, reaction_types["Thanks"])

    def queries(url):
        # Each page read as for the first time (a member's reread records nothing: one query less).
        ReadMarker.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            # A query string keeps the guest page cache out of it: the page is built each time.
            assert client.get(url + "?uncached").status_code == 200
        return len(captured)

    for signed_in in (None, reader):
        if signed_in:
            client.force_login(signed_in)
        queries(small.get_absolute_url())  # the reaction types are cached after the first page that needs them
        assert queries(small.get_absolute_url()) == queries(large.get_absolute_url()) == queries(
            large.get_page_url(12))


@pytest.mark.django_db(transaction=True)
def test_40_members_reacting_at_once_give_exactly_40(make_topic, make_member, reaction_types):
    post = make_topic(posts=2).posts.get(position=2)
    members = [make_member(f"fan{n}") for n in range(40)]
    kinds = [reaction_types["Like"], reaction_types["Confused"]]
    run_at_once([lambda m=m, n=n: services.react(post, m, kinds[n % 2]) for n, m in enumerate(members)])
    summary, reputation = state(post)
    assert summary == {str(kinds[0].pk): 20, str(kinds[1].pk): 20}
    assert reputation == 20  # "Like" is worth +1, "Confused" 0
    assert sum(PostReactionCount.objects.filter(post=post).values_list("count", flat=True)) == 40


@pytest.mark.django_db(transaction=True)
def test_one_member_changing_and_taking_back_at_once_stays_consistent(make_topic, make_member, reaction_types):
    post = make_topic(posts=2).posts.get(position=2)
    reader = make_member("reader")
    like, thanks = reaction_types["Like"], reaction_types["Thanks"]
    run_at_once([lambda: services.react(post, reader, like), lambda: services.react(post, reader, thanks),
                 lambda: services.unreact(post, reader)] * 4)
    rows = list(Reaction.objects.filter(post=post).values_list("kind_id", flat=True))
    summary, reputation = state(post)
    assert len(rows) <= 1
    assert summary == ({str(rows[0]): 1} if rows else {}) and reputation == len(rows)


@pytest.mark.django_db(transaction=True)
def test_reactions_to_many_posts_of_one_author_at_once_add_up(make_topic, make_member, reaction_types):
    topic = make_topic(posts=21)
    posts = list(topic.posts.order_by("position")[1:])
    fan = make_member("fan")
    run_at_once([lambda p=p: services.react(p, fan, reaction_types["Like"]) for p in posts])
    assert state(posts[0])[1] == 20


def test_reactions_and_reputation_in_simplified_chinese(client, post, make_member, reaction_types):
    services.react(post, make_member("fan"), reaction_types["Like"])
    client.force_login(make_member("reader"))
    html = client.get(post.topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "<dt>声望</dt><dd>1</dd>" in html and ">回应</summary>" in html
    assert '<span class="visually-hidden">赞:</span> 1</a>' in html
