import pytest
from django.urls import reverse

from forum.models import Topic
from ratings import services
from ratings.models import Rating
from tests.concurrency import run_at_once


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # make_member sets a password; the real hasher costs about a second a member on a busy machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rate_url(topic):
    return reverse("ratings:rate", kwargs={"pk": topic.pk, "slug": topic.slug})


def counters(topic):
    topic.refresh_from_db()
    return topic.rating_total, topic.rating_count


def test_guest_sees_the_average_and_a_sign_in_hint_but_cannot_rate(client, make_topic, make_member):
    topic = make_topic()
    services.rate_topic(topic, make_member("a"), 4)
    services.rate_topic(topic, make_member("b"), 5)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "4.5 out of 5, 2 ratings" in html
    assert "Rate this topic" in html and "Sign in to rate this topic." in html and 'name="value"' not in html
    response = client.post(rate_url(topic), {"value": "1"})
    assert response.status_code == 403 and "Sign in to rate this topic." in response.content.decode()
    assert counters(topic) == (9, 2) and Rating.objects.count() == 2


def test_member_rates_changes_and_removes_their_rating(client, make_topic, member):
    topic = make_topic(posts=30)
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Rate this topic" in html and 'type="radio" name="value" value="5"' in html

    response = client.post(rate_url(topic), {"value": "4", "next": topic.get_page_url(2)})
    assert response.status_code == 302 and response.url == topic.get_page_url(2) + "#rating"
    assert counters(topic) == (4, 1)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "4.0 out of 5, 1 rating" in page and 'value="4" id="rate-4" checked' in page

    client.post(rate_url(topic), {"value": "2"})
    assert counters(topic) == (2, 1) and Rating.objects.get().value == 2

    client.post(rate_url(topic), {"remove": "1"})
    assert counters(topic) == (0, 0) and not Rating.objects.exists()
    assert "Not rated yet" in client.get(topic.get_absolute_url()).content.decode()


def test_next_may_only_lead_back_to_the_same_topic(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    for bad in ("https://evil.example/", "//evil.example/" + topic.get_absolute_url(), "/topic/999-x/"):
        response = client.post(rate_url(topic), {"value": "3", "next": bad})
        assert response.url == topic.get_absolute_url() + "#rating"


def test_rating_by_fetch_answers_json(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    response = client.post(rate_url(topic), {"value": "5"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"value": 5, "count": 1, "summary": "5.0 out of 5, 1 rating",
                               "message": "You rated this topic 5 stars."}
    response = client.post(rate_url(topic), {"value": "9"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "from 1 to 5" in response.json()["error"]


@pytest.mark.parametrize("data", [{"value": "0"}, {"value": "6"}, {"value": "-1"}, {"value": "3.5"},
                                  {"value": "abc"}, {"value": "４"}, {"value": ""}, {}])
def test_values_other_than_1_to_5_are_a_400_with_a_clear_message(client, make_topic, member, data):
    topic = make_topic()
    services.rate_topic(topic, member, 3)
    client.force_login(member)
    response = client.post(rate_url(topic), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "from 1 to 5" in body
    assert counters(topic) == (3, 1) and Rating.objects.get().value == 3


def test_service_refuses_values_outside_1_to_5(make_topic, member):
    topic = make_topic()
    for value in (0, 6, 2.5, 2.0, "3", None, True):
        with pytest.raises(ValueError):
            services.rate_topic(topic, member, value)
    assert counters(topic) == (0, 0)


def test_rating_needs_post_and_csrf(make_topic, member):
    from django.test import Client

    topic = make_topic()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(rate_url(topic)).status_code == 405
    assert client.post(rate_url(topic), {"value": "5"}).status_code == 403
    assert counters(topic) == (0, 0)


def test_forum_with_rating_turned_off_shows_no_stars_and_refuses(client, make_topic, member, board):
    board.allow_rating = False
    board.save()
    topic = make_topic()
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Rate this topic" not in html and 'id="rating"' not in html
    response = client.post(rate_url(topic), {"value": "5"})
    assert response.status_code == 403 and "Rating is turned off in this forum." in response.content.decode()
    assert counters(topic) == (0, 0)


def test_group_that_may_not_rate_sees_why(client, make_topic, member, board):
    from moderation.models import ForumPermission

    ForumPermission.objects.create(forum=board, group=member.primary_group, can_rate=False)
    topic = make_topic()
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Your member group may not rate topics in this forum." in html and "Rate this topic" not in html
    assert client.post(rate_url(topic), {"value": "5"}).status_code == 403
    assert counters(topic) == (0, 0)


@pytest.mark.parametrize("state, message", [("is_locked", "This topic is locked, so it can no longer be rated."),
                                            ("is_hidden", "This topic is hidden, so it cannot be rated.")])
def test_locked_or_hidden_topics_cannot_be_rated(client, make_topic, make_member, state, message):
    topic = make_topic(**{state: True})
    client.force_login(make_member("mod", group="Moderators"))  # moderators see hidden topics; still no rating
    assert message in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(rate_url(topic), {"value": "5"})
    assert response.status_code == 403 and message in response.content.decode()
    assert counters(topic) == (0, 0)


def test_hidden_topic_rating_is_404_for_members(client, make_topic, member):
    topic = make_topic(is_hidden=True)
    client.force_login(member)
    assert client.post(rate_url(topic), {"value": "5"}).status_code == 404


def test_topic_locked_after_the_page_was_shown_is_refused_by_the_service(make_topic, member):
    topic = make_topic()
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    with pytest.raises(services.RatingRefused):
        services.rate_topic(topic, member, 5)  # the stale object still says "unlocked"
    assert counters(topic) == (0, 0)


def test_deleting_a_member_keeps_their_rating_in_the_average(make_topic, make_member):
    topic = make_topic()
    leaver = make_member("leaver")
    services.rate_topic(topic, leaver, 5)
    leaver.delete()
    assert counters(topic) == (5, 1) and Rating.objects.get().user is None


@pytest.mark.django_db(transaction=True)
def test_50_members_rating_at_once_give_exactly_50(make_topic, make_member):
    topic = make_topic()
    members = [make_member(f"rater{n}") for n in range(50)]
    run_at_once([lambda m=m, n=n: services.rate_topic(topic, m, n % 5 + 1) for n, m in enumerate(members)])
    expected_total = sum(n % 5 + 1 for n in range(50))
    assert counters(topic) == (expected_total, 50)
    assert Rating.objects.filter(topic=topic).count() == 50


@pytest.mark.django_db(transaction=True)
def test_10_submissions_at_once_from_one_member_leave_one_row_and_a_matching_total(make_topic, member):
    topic = make_topic()
    values = [1, 5, 2, 4, 3, 5, 1, 2, 4, 3]
    run_at_once([lambda v=v: services.rate_topic(topic, member, v) for v in values])
    row = Rating.objects.get(topic=topic)
    assert row.value in values
    assert counters(topic) == (row.value, 1)


@pytest.mark.django_db(transaction=True)
def test_rating_and_removing_at_once_stay_consistent(make_topic, member):
    topic = make_topic()
    services.rate_topic(topic, member, 4)
    calls = [lambda: services.remove_rating(topic, member), lambda: services.rate_topic(topic, member, 2)] * 5
    run_at_once(calls)
    rows = list(Rating.objects.filter(topic=topic).values_list("value", flat=True))
    assert counters(topic) == (sum(rows), len(rows)) and len(rows) <= 1
