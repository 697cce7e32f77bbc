import io
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .budgets import TOPIC_PAGE_QUERIES


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_topic_page_costs_the_same_queries_for_10_and_600_posts(client, make_topic, member, signed_in):
    if signed_in:
        client.force_login(member)
    small, large = make_topic(posts=10, title="Small"), make_topic(posts=600, title="Large")
    small_first = _queries_for(client, small.get_absolute_url())
    large_first = _queries_for(client, large.get_absolute_url())
    large_last = _queries_for(client, large.get_page_url(24))
    assert small_first == large_first == large_last
    assert large_first <= TOPIC_PAGE_QUERIES["member" if signed_in else "guest"]


def test_page_24_of_600_posts_shows_posts_576_to_600(client, make_topic):
    topic = make_topic(posts=600)
    html = client.get(topic.get_page_url(24)).content.decode()
    assert "<p>Post 576</p>" in html and "<p>Post 600</p>" in html
    assert "<p>Post 575</p>" not in html
    assert html.count('class="post"') == 25


def test_wrong_or_missing_slug_redirects_permanently(client, make_topic):
    topic = make_topic(posts=30, title="中文标题 | English Title")
    assert topic.slug == "中文标题-english-title"
    for wrong in (f"/topic/{topic.pk}/", f"/topic/{topic.pk}-old-title/"):
        response = client.get(wrong)
        assert response.status_code == 301 and response.url == topic.get_absolute_url()
    response = client.get(f"/topic/{topic.pk}-old/page/2/")
    assert response.status_code == 301 and response.url == topic.get_page_url(2)


@pytest.mark.parametrize("suffix", ["page/abc/", "page/-1/", "page/2.5/"])
def test_page_numbers_that_are_not_numbers_are_404(client, make_topic, suffix):
    topic = make_topic(posts=3)
    assert client.get(f"{topic.get_absolute_url()}{suffix}").status_code == 404


# Not named "page": that is pytest-playwright's fixture, and would make this a browser test run out of order.
@pytest.mark.parametrize("number, lands_on", [(0, 1), (3, 2), (99999999999999999999, 2)])
def test_page_numbers_out_of_range_redirect_to_the_nearest_page(client, make_topic, number, lands_on):
    topic = make_topic(posts=30)
    response = client.get(f"{topic.get_absolute_url()}page/{number}/")
    assert response.status_code == 302 and response.url == topic.get_page_url(lands_on)


def test_author_pane_shows_name_badge_post_count_and_joined(client, make_topic, member):
    topic = make_topic(posts=2)
    member.refresh_from_db()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert member.username in html and "Members</li>" in html
    assert "<dt>Posts</dt><dd>1</dd>" in html  # bulk-made posts do not count; the one made by the service does
    assert "<dt>Joined</dt>" in html


def test_hidden_topic_is_404_for_members(client, make_topic, member):
    topic = make_topic(is_hidden=True)
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_viewing_a_topic_counts_a_view(client, make_topic):
    """Counted in the cache (the second view comes from the guest page cache and counts too), written by the timer's
    `flush_counts`."""
    from django.core.management import call_command

    topic = make_topic()
    client.get(topic.get_absolute_url())
    client.get(topic.get_absolute_url())
    topic.refresh_from_db()
    assert topic.view_count == 0
    call_command("flush_counts", stdout=io.StringIO())
    topic.refresh_from_db()
    assert topic.view_count == 2
    call_command("flush_counts", stdout=io.StringIO())  # written once
    topic.refresh_from_db()
    assert topic.view_count == 2
