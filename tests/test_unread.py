"""Unread markers: how far each member has read, bold unread topics, "Go to first unread post", mark read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Forum, Post
from unread.models import ReadCutoff, ReadMarker

from .keeping_up import reply


@pytest.fixture
def reader(make_member):
    return make_member("reader")


def first_unread(client, topic):
    return client.get(reverse("unread:first_unread", kwargs={"pk": topic.pk}))


def marker(member, topic):
    return ReadMarker.objects.filter(member=member, topic=topic).values_list("position", flat=True).first()


def test_first_unread_lands_on_the_right_page_and_post_of_a_600_post_topic(client, make_topic, reader):
    topic = make_topic(posts=600)
    client.force_login(reader)
    # Never opened: everything is unread, from the first post.
    first = Post.objects.get(topic=topic, position=1)
    assert first_unread(client, topic).url == f"{topic.get_absolute_url()}#comment-{first.pk}"
    client.get(topic.get_page_url(21))  # posts 501..525
    assert marker(reader, topic) == 525
    target = Post.objects.get(topic=topic, position=526)
    response = first_unread(client, topic)
    assert response.status_code == 302 and response.url == f"{topic.get_page_url(22)}#comment-{target.pk}"
    page = client.get(response.url).content.decode()
    assert f'id="comment-{target.pk}"' in page


def test_reading_never_moves_the_marker_backwards(client, make_topic, reader):
    topic = make_topic(posts=60)
    client.force_login(reader)
    client.get(topic.get_page_url(3))
    client.get(topic.get_absolute_url())
    assert marker(reader, topic) == 60
    assert ReadMarker.objects.count() == 1  # one row per member and topic, not one per post


def test_a_guest_reading_a_topic_writes_no_read_marker(client, make_topic):
    topic = make_topic(posts=30)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(topic.get_absolute_url()).status_code == 200
    assert not ReadMarker.objects.exists()
    assert not [q for q in captured.captured_queries if "unread_readmarker" in q["sql"]]


def test_forum_list_shows_unread_topics_in_bold_with_a_link_until_read(client, board, make_topic, reader,
                                                                      django_capture_on_commit_callbacks):
    read_topic, unread_topic = make_topic(posts=3, title="Old news"), make_topic(posts=3, title="Fresh news")
    client.force_login(reader)
    client.get(read_topic.get_absolute_url())
    html = client.get(board.get_absolute_url()).content.decode()
    assert html.count('class=" unread"') == 1 or html.count(" unread\"") == 1
    assert reverse("unread:first_unread", kwargs={"pk": unread_topic.pk}) in html
    assert reverse("unread:first_unread", kwargs={"pk": read_topic.pk}) not in html
    # A new reply makes the read topic unread again, and its first unread post is the new one.
    new = reply(django_capture_on_commit_callbacks, read_topic, board.topics.get(pk=unread_topic.pk).author,
                "<p>news</p>")
    assert reverse("unread:first_unread", kwargs={"pk": read_topic.pk}) in client.get(
        board.get_absolute_url()).content.decode()
    assert first_unread(client, read_topic).url.endswith(f"#comment-{new.pk}")


def test_index_marks_forums_with_unread_topics_and_mark_read_clears_them(client, board, make_topic, reader):
    quiet = Forum.objects.create(category=board.category, name="Quiet")
    make_topic(posts=2, title="Unread here")
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert html.count("Unread topics") == 1 and 'forum-row unread' in html
    response = client.post(reverse("unread:mark_forum_read", kwargs={"pk": board.pk}),
                           {"next": board.get_absolute_url()})
    assert response.status_code == 302 and response.url == board.get_absolute_url()
    assert "Unread topics" not in client.get("/").content.decode()
    assert "first-unread" not in client.get(board.get_absolute_url()).content.decode()
    assert ReadCutoff.objects.filter(member=reader, forum=board).exists()
    make_topic(posts=1, title="Another", forum=quiet)
    assert "Unread topics" in client.get("/").content.decode()
    client.post(reverse("unread:mark_all_read"))
    assert "Unread topics" not in client.get("/").content.decode()
    # One row for the whole board, however many topics it holds.
    assert list(ReadCutoff.objects.filter(member=reader).values_list("forum", flat=True)) == [None]


def test_mark_read_needs_a_member_and_a_post(client, board):
    assert client.post(reverse("unread:mark_all_read")).status_code == 302  # to sign in
    assert not ReadCutoff.objects.exists()
    assert client.get(reverse("unread:mark_all_read")).status_code in (302, 405)
