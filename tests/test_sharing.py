"""Create short link, Link to comment, Share on other sites, and the topic page's preview tags."""

import re
from html import unescape
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse

from forum.models import Post, Topic
from sharing import services
from sharing.models import ShortLink
from tests.concurrency import run_at_once

CODE = re.compile(r"^[0-9A-Za-z]{7}$")


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # django-ratelimit counts in the cache, which outlives each test
    yield
    cache.clear()


def same_page(a, b):
    """Equal but for the CSRF tokens, which are masked afresh on every response."""
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub(b"", a) == token.sub(b"", b)


def comment_url(topic, post):
    return reverse("forum:comment", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})


def post_at(topic, position):
    return Post.objects.get(topic=topic, position=position)


# Create short link

def test_guest_creates_a_short_link_and_asking_again_gives_the_same(client, make_topic):
    topic = make_topic()
    response = client.post("/s/", {"topic": topic.pk})
    link = ShortLink.objects.get()
    assert CODE.match(link.code)
    assert response.status_code == 302 and response.url == f"/s/{link.code}/info/"
    page = client.get(response.url).content.decode()
    assert f'value="http://testserver/s/{link.code}"' in page and "Copy" in page
    again = client.post("/s/", {"topic": topic.pk}, headers={"Accept": "application/json"})
    assert again.json() == {"code": link.code, "url": f"http://testserver/s/{link.code}"}
    assert ShortLink.objects.count() == 1


def test_short_link_redirects_to_the_topic_and_counts_visits(client, make_topic, admin_user):
    topic = make_topic(title="Old title")
    link, created = services.short_link_for(admin_user, topic=topic)
    assert created
    topic.title = "New title"
    topic.save()
    for _ in range(3):
        response = client.get(f"/s/{link.code}")
        assert response.status_code == 302 and response.url == topic.get_absolute_url()
    link.refresh_from_db()
    assert link.visits == 3 and "new-title" in topic.get_absolute_url()


def test_short_link_to_a_post_lands_on_its_page_and_anchor(client, make_topic):
    topic = make_topic(posts=60)
    post = post_at(topic, 55)
    response = client.post("/s/", {"post": post.pk}, headers={"Accept": "application/json"})
    code = response.json()["code"]
    followed = client.get(f"/s/{code}")
    assert followed.url == f"{topic.get_page_url(3)}#comment-{post.pk}"
    assert f'id="comment-{post.pk}"' in client.get(followed.url).content.decode()


def test_codes_are_random_not_sequential(make_topic, admin_user):
    topics = [make_topic(title=f"T{n}") for n in range(4)]
    codes = [services.short_link_for(admin_user, topic=t)[0].code for t in topics]
    assert all(CODE.match(c) for c in codes) and len(set(codes)) == 4
    assert sorted(codes) != codes or sorted(codes, reverse=True) != codes or len({c[:5] for c in codes}) > 1


def test_a_code_taken_by_chance_is_drawn_again(make_topic, monkeypatch, admin_user):
    first, second = make_topic(title="A"), make_topic(title="B")
    draws = iter(["SAME123", "SAME123", "Other45"])
    monkeypatch.setattr(services, "new_code", lambda: next(draws))
    assert services.short_link_for(admin_user, topic=first)[0].code == "SAME123"
    assert services.short_link_for(admin_user, topic=second)[0].code == "Other45"


@pytest.mark.django_db(transaction=True)
def test_ten_visitors_asking_at_once_get_one_code(make_topic, admin_user):
    topic = make_topic()
    links = run_at_once([lambda: services.short_link_for(admin_user, topic=topic)[0].code for _ in range(10)])
    assert len(set(links)) == 1 and ShortLink.objects.count() == 1


def test_unknown_deleted_and_invisible_targets_are_the_same_bare_404(client, make_topic, make_member, admin_user):
    visible, hidden = make_topic(title="Seen"), make_topic(title="Secret plans", is_hidden=True)
    hidden_link = services.short_link_for(admin_user, topic=hidden)[0]
    hidden_post = post_at(make_topic(posts=3, title="Has a hidden post"), 2)
    Post.objects.filter(pk=hidden_post.pk).update(state=Post.State.HIDDEN)
    hidden_post_link = services.short_link_for(admin_user, post=hidden_post)[0]
    gone = make_topic(title="Gone")
    gone_code = services.short_link_for(admin_user, topic=gone)[0].code
    Topic.objects.filter(pk=gone.pk).delete()

    not_found = client.get("/s/zzzzzzz")
    assert not_found.status_code == 404
    for code in (hidden_link.code, hidden_post_link.code, gone_code):
        response = client.get(f"/s/{code}")
        # The same page, but for the path itself (which the page repeats in its "Sign in" link).
        assert response.status_code == 404
        assert same_page(response.content.replace(code.encode(), b"C"), not_found.content.replace(b"zzzzzzz", b"C"))
        assert b"Secret" not in response.content
        assert client.get(f"/s/{code}/info/").status_code == 404
    hidden_link.refresh_from_db()
    assert hidden_link.visits == 0
    assert services.short_link_for(admin_user, topic=visible)  # and the visible one still works
    client.force_login(make_member("mod", group="Moderators"))
    assert client.get(f"/s/{hidden_link.code}").url == hidden.get_absolute_url()


def test_no_short_link_for_what_the_visitor_cannot_see(client, make_topic):
    hidden = make_topic(is_hidden=True)
    assert client.post("/s/", {"topic": hidden.pk}).status_code == 404
    assert client.post("/s/", {"topic": 987654}).status_code == 404
    assert client.post("/s/", {"post": 987654}).status_code == 404
    assert not ShortLink.objects.exists()


@pytest.mark.parametrize("data", [{}, {"topic": "abc"}, {"topic": "-3"}, {"post": "1.5"}])
def test_bad_short_link_requests_are_400(client, make_topic, data):
    make_topic()
    response = client.post("/s/", data)
    assert response.status_code == 400 and "That was not done" in response.content.decode()
    assert not ShortLink.objects.exists()


def test_short_link_creation_is_rate_limited_per_visitor(client, make_topic, settings, member):
    settings.AGORA_SHORT_LINK_RATE = "3/m"
    topic = make_topic()
    for _ in range(3):
        assert client.post("/s/", {"topic": topic.pk}).status_code == 302
    response = client.post("/s/", {"topic": topic.pk})
    assert response.status_code == 429
    assert "many short links in a short time" in response.content.decode()
    json = client.post("/s/", {"topic": topic.pk}, headers={"Accept": "application/json"})
    assert json.status_code == 429 and "Please wait" in json.json()["error"]
    client.force_login(member)  # another visitor has their own allowance
    assert client.post("/s/", {"topic": topic.pk}).status_code == 302


def test_creating_short_links_needs_post(client, make_topic):
    topic = make_topic()
    assert client.get(f"/s/?topic={topic.pk}").status_code == 405


# Link to comment

def test_link_to_comment_resolves_to_the_page_holding_the_post(client, make_topic):
    topic = make_topic(posts=75)
    post = post_at(topic, 60)
    response = client.get(comment_url(topic, post))
    assert response.status_code == 302 and response.url == f"{topic.get_page_url(3)}#comment-{post.pk}"
    # Earlier posts hidden and the topic grown: the post is still found where the pages put it.
    Post.objects.filter(topic=topic, position__in=[2, 3, 30]).update(state=Post.State.HIDDEN)
    Topic.objects.filter(pk=topic.pk).update(last_position=200)
    assert client.get(comment_url(topic, post)).url == f"{topic.get_page_url(3)}#comment-{post.pk}"
    assert f'id="comment-{post.pk}"' in client.get(topic.get_page_url(3)).content.decode()
    # A wrong or missing slug does not matter.
    assert client.get(f"/topic/{topic.pk}/comment/{post.pk}/").url.endswith(f"#comment-{post.pk}")


def test_link_to_comment_of_a_hidden_post_or_another_topic_is_404(client, make_topic, member):
    topic, other = make_topic(posts=3), make_topic(posts=2, title="Other")
    Post.objects.filter(topic=topic, position=2).update(state=Post.State.HIDDEN)
    assert client.get(comment_url(topic, post_at(topic, 2))).status_code == 404
    assert client.get(comment_url(topic, post_at(other, 2))).status_code == 404
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    client.force_login(member)
    assert client.get(comment_url(topic, post_at(topic, 3))).status_code == 404


def test_every_post_has_link_to_comment_and_a_share_link_and_the_page_one_post_share_menu(client, make_topic):
    topic = make_topic(posts=3)
    html = client.get(topic.get_absolute_url()).content.decode()
    for post in topic.posts.all():
        assert f'href="{comment_url(topic, post)}" class="permalink">Link to comment</a>' in html
        assert f'data-copy-text="{comment_url(topic, post)}"' in html  # made absolute by topic-tools.js
        share = reverse("sharing:share_post", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
        assert f'<a href="{share}" class="share-post" data-share-post="{post.pk}"' in html
        # Without JavaScript, the post's own share page: its link, "Create short link" and the networks.
        page = client.get(share).content.decode()
        assert f'value="http://testserver{comment_url(topic, post)}"' in page
        assert f'name="post" value="{post.pk}"' in page and "Share on other sites" in page
    assert html.count("Share on other sites") == 2  # the topic's menu and the one menu for its posts
    assert "Create short link" in html and 'name="value"' not in html  # guests: no stars form


def test_a_post_of_another_topic_or_a_hidden_one_has_no_share_page(client, make_topic):
    topic, other = make_topic(posts=3), make_topic(posts=2, title="Other")
    Post.objects.filter(topic=topic, position=2).update(state=Post.State.HIDDEN)
    for post in (post_at(topic, 2), post_at(other, 2)):
        url = reverse("sharing:share_post", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
        assert client.get(url).status_code == 404


# Share on other sites

def test_share_menu_uses_plain_share_urls_and_loads_no_third_party_script(client, make_topic):
    topic = make_topic(title="中文 | US–China trade")
    html = unescape(client.get(topic.get_absolute_url()).content.decode())
    url = quote(f"http://testserver{topic.get_absolute_url()}", safe="")
    for expected in (f"https://x.com/intent/post?text=", f"https://www.facebook.com/sharer/sharer.php?u={url}",
                     f"https://www.reddit.com/submit?url={url}", "https://www.linkedin.com/sharing/share-offsite/?url=",
                     "https://service.weibo.com/share/share.php?url=", "mailto:?subject="):
        assert expected in html
    assert "mailto:?subject=%E4%B8%AD%E6%96%87%20%7C%20US%E2%80%93China%20trade" in html
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "data-web-share" in html


def test_wechat_qr_code_is_made_here(client, make_topic):
    topic = make_topic(posts=2)
    response = client.get(reverse("sharing:wechat", kwargs={"pk": topic.pk, "slug": topic.slug}))
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "<path" in html
    assert f"http://testserver{topic.get_absolute_url()}" in html
    post = post_at(topic, 2)
    html = client.get(reverse("sharing:wechat_post", kwargs={"pk": topic.pk, "slug": topic.slug,
                                                           "post_id": post.pk})).content.decode()
    assert f"http://testserver{comment_url(topic, post)}" in html and "<svg" in html
    hidden = make_topic(is_hidden=True, title="Hidden")
    assert client.get(reverse("sharing:wechat", kwargs={"pk": hidden.pk, "slug": hidden.slug})).status_code == 404


def test_topic_pages_carry_open_graph_and_twitter_card_tags(client, make_topic, settings):
    topic = make_topic(posts=30, title="Trade & tariffs")
    Post.objects.filter(topic=topic, position=1).update(
        content="<p>The <strong>first</strong> post &amp; its text.</p><p>" + "word " * 100 + "</p>")
    for page in (1, 2):
        html = client.get(topic.get_page_url(page)).content.decode()
        assert '<meta property="og:title" content="Trade &amp; tariffs">' in html
        assert '<meta property="og:description" content="The first post &amp; its text. word' in html
        assert '<meta name="twitter:card" content="summary">' in html
        assert f'<meta property="og:site_name" content="{settings.SITE_NAME}">' in html
        assert f'<meta property="og:url" content="http://testserver{topic.get_absolute_url()}">' in html
        assert f'<link rel="canonical" href="http://testserver{topic.get_page_url(page)}">' in html
    description = re.search(r'og:description" content="([^"]*)"', html).group(1)
    assert len(unescape(description)) <= 200 and description.endswith("…")
