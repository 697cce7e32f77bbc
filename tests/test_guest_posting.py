"""Post now, register later: the guest's reply, the anti-bot check, adoption by sign-up or sign-in, limits, bans,
the reminder and the expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation.models import Ban
from forum.models import Post
from guestposts import antibot
from guestposts.models import PendingGuestPost

PROMISE = ("You can post now and register later. If you have an account, "
           '<a href="/accounts/login/?next=')


@pytest.fixture(autouse=True)
def quick_antibot(settings):
    settings.AGORA_GUEST_MIN_FILL_SECONDS = 0
    settings.AGORA_GUEST_POW_MAX_NUMBER = 2000
    cache.clear()


@pytest.fixture
def guest_topic(make_topic, board):
    board.allow_guest_posts = True
    board.save()
    return make_topic(title="Open to guests")


def guest_form_data(client, topic, content="A guest's thoughts", email="guest@example.net", solve=True):
    """What the browser sends: the form's fields, and the timestamp and solved challenge it asked for."""
    assert "data-pow-challenge-url" in client.get(topic.get_absolute_url()).content.decode()
    given = client.get(reverse("guestposts:challenge")).json()
    return {"content": content, "email": email, "website": "", "shown_at": given["shown_at"],
            "pow": antibot.solve(given["challenge"]) if solve else ""}


def post_as_guest(client, topic, **kwargs):
    return client.post(reverse("guestposts:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                       guest_form_data(client, topic, **kwargs))


def counters(topic):
    topic.refresh_from_db()
    topic.forum.refresh_from_db()
    return topic.post_count, topic.last_position, topic.forum.post_count


def signup(client, email="guest@example.net", username="newcomer"):
    return client.post(f"/accounts/signup/?next={reverse('guestposts:pending')}", {
        "username": username, "email": email, "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42", "accept_terms": "on"})


def test_guest_sees_the_saved_page_promise_and_a_form_only_where_the_forum_allows_it(client, make_topic, board):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Join the conversation" in html and "You can post now and register later." not in html
    board.allow_guest_posts = True
    board.save()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Join the conversation" in html
    assert "You can post now and register later." in html
    assert "sign in now</a> to post with your account." in html
    assert 'name="email"' in html and 'name="website"' in html and "data-pow-challenge" in html


def test_guest_form_adds_no_query_to_the_topic_page(client, guest_topic, make_topic, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # the topic page's ceiling (tests/test_topic_page.py)
        assert "data-pow-challenge" in client.get(guest_topic.get_absolute_url()).content.decode()


def test_guest_reply_is_stored_hidden_and_uncounted_and_the_guest_sees_it(client, guest_topic):
    before = counters(guest_topic)
    response = post_as_guest(client, guest_topic, content="Visible only to me")
    assert response.status_code == 302 and response.url == reverse("guestposts:pending")
    post = Post.objects.get(state=Post.State.AWAITING_REGISTRATION)
    assert post.position is None and post.author is None
    assert counters(guest_topic) == before
    landing = client.get(response.url).content.decode()
    assert "Visible only to me" in landing
    assert "/accounts/signup/?email=guest%40example.net" in landing and "/accounts/login/" in landing
    # Nobody else sees it: not another browser, not the topic page itself.
    assert "Visible only to me" not in client.get(guest_topic.get_absolute_url()).content.decode()
    other = client.__class__()
    assert "Visible only to me" not in other.get(reverse("guestposts:pending")).content.decode()
    assert "Visible only to me" not in other.get(guest_topic.get_absolute_url()).content.decode()


def test_registration_adopts_the_reply_which_appears_once_the_email_is_confirmed(client, guest_topic):
    post_as_guest(client, guest_topic, content="Registered later")
    before = counters(guest_topic)
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    post = Post.objects.get(content__contains="Registered later")
    # Adopted, but posting needs a confirmed address: it waits, uncounted, and the member is told why.
    assert post.state == Post.State.AWAITING_REGISTRATION
    assert PendingGuestPost.objects.get(post=post).adopted_by == user
    assert counters(guest_topic) == before
    page = client.get(response.url, follow=True).content.decode()
    assert "is kept for you and will be published when you can post" in page
    # The confirmation link in the email publishes it.
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/confirm-email/" in line)
    client.post(link[link.index("/accounts/"):].strip())
    post.refresh_from_db()
    assert post.state == Post.State.VISIBLE and post.author == user and post.position == before[1] + 1
    assert counters(guest_topic) == (before[0] + 1, before[1] + 1, before[2] + 1)
    user.refresh_from_db()
    assert user.post_count == 1
    html = client.get(guest_topic.get_absolute_url()).content.decode()
    assert "Registered later" in html and ">newcomer</a>" in html
    assert not PendingGuestPost.objects.exists()


def test_registration_publishes_at_once_when_email_confirmation_is_not_required(client, guest_topic,
                                                                                 board_settings):
    board_settings(require_verified_email_to_post=False)
    post_as_guest(client, guest_topic, content="No confirmation needed here")
    response = signup(client)
    post = Post.objects.get(content__contains="No confirmation needed here")
    assert post.state == Post.State.VISIBLE and post.author.username == "newcomer"
    # The landing page sends the new member straight to their published post.
    landing = client.get(response.url)
    assert landing.status_code == 302 and landing.url.endswith(f"#comment-{post.pk}")
    assert "is published" in client.get(landing.url).content.decode()


def test_signing_in_to_an_existing_account_adopts_and_publishes_the_reply(client, guest_topic, make_member):
    existing = make_member("regular", email="regular@example.org")
    post_as_guest(client, guest_topic, content="Written before signing in", email="regular@example.org")
    post_as_guest(client, guest_topic, content="And a second one", email="regular@example.org")
    before = counters(guest_topic)
    response = client.post("/accounts/login/", {"login": "regular", "password": "correct horse battery"})
    assert response.status_code == 302
    posts = Post.objects.filter(author=existing, state=Post.State.VISIBLE).exclude(position=1)
    assert sorted(p.content for p in posts) == ["<p>And a second one</p>", "<p>Written before signing in</p>"]
    assert counters(guest_topic) == (before[0] + 2, before[1] + 2, before[2] + 2)
    html = client.get(guest_topic.get_absolute_url()).content.decode()
    assert "Written before signing in" in html and "And a second one" in html


def test_sign_in_adopts_only_this_browsers_replies(client, guest_topic, make_member):
    make_member("regular", email="regular@example.org")
    intruder = client.__class__()
    post_as_guest(intruder, guest_topic, content="Pretending to be regular", email="regular@example.org")
    client.post("/accounts/login/", {"login": "regular", "password": "correct horse battery"})
    assert Post.objects.get(content__contains="Pretending").state == Post.State.AWAITING_REGISTRATION
    assert Post.objects.get(content__contains="Pretending").author is None


def test_forum_that_holds_adopted_replies_for_approval_says_so(client, guest_topic, make_member):
    guest_topic.forum.guest_posts_need_approval = True
    guest_topic.forum.save()
    assert "require moderator approval" in client.get(guest_topic.get_absolute_url()).content.decode()
    make_member("regular")
    post_as_guest(client, guest_topic, content="Please approve me")
    before = counters(guest_topic)
    response = client.post("/accounts/login/", {"login": "regular", "password": "correct horse battery"},
                           follow=True)
    post = Post.objects.get(content__contains="Please approve me")
    assert post.state == Post.State.PENDING and post.author.username == "regular"
    assert "waits for a moderator’s approval" in response.content.decode()
    assert "approve replies written before registering" in response.content.decode()
    assert counters(guest_topic)[0] == before[0] and counters(guest_topic)[2] == before[2]


def test_guest_can_cancel_and_nobody_else_can(client, guest_topic):
    post_as_guest(client, guest_topic, content="Changed my mind")
    pending = PendingGuestPost.objects.get()
    other = client.__class__()
    assert other.post(reverse("guestposts:cancel", kwargs={"pk": pending.pk})).status_code == 403
    assert PendingGuestPost.objects.exists()
    response = client.post(reverse("guestposts:cancel", kwargs={"pk": pending.pk}), follow=True)
    assert "Your reply and your email address have been removed." in response.content.decode()
    assert not PendingGuestPost.objects.exists() and not Post.objects.filter(content__contains="Changed").exists()


@pytest.mark.parametrize("tamper, message", [
    ({"pow": ""}, "The anti-spam check did not finish"),
    ({"pow": "bm90IGEgcGF5bG9hZA=="}, "The anti-spam check failed"),
    ({"website": "http://spam.example"}, "The anti-spam check failed"),
    ({"shown_at": "forged"}, "This form is too old"),
])
def test_anti_bot_check_failing_keeps_the_text_and_stores_nothing(client, guest_topic, tamper, message):
    data = {**guest_form_data(client, guest_topic, content="Keep my words"), **tamper}
    response = client.post(reverse("guestposts:reply", kwargs={"pk": guest_topic.pk, "slug": guest_topic.slug}), data)
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "Keep my words" in html
    assert not PendingGuestPost.objects.exists()


def test_anti_bot_minimum_fill_time(client, guest_topic, settings):
    settings.AGORA_GUEST_MIN_FILL_SECONDS = 60
    response = post_as_guest(client, guest_topic)
    assert response.status_code == 400 and "quicker than a person types" in response.content.decode()
    assert not PendingGuestPost.objects.exists()


def test_a_solved_challenge_is_accepted_once(client, guest_topic):
    data = guest_form_data(client, guest_topic)
    url = reverse("guestposts:reply", kwargs={"pk": guest_topic.pk, "slug": guest_topic.slug})
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400 and "The anti-spam check failed" in response.content.decode()
    assert PendingGuestPost.objects.count() == 1


def test_rate_limit_per_hour(client, guest_topic, board_settings):
    board_settings(guest_posts_per_hour=2)
    for n in range(2):
        assert post_as_guest(client, guest_topic, email=f"g{n}@example.net").status_code == 302
    response = post_as_guest(client, guest_topic, email="g9@example.net", content="One too many")
    assert response.status_code == 429 and "in the last hour" in response.content.decode()
    assert "One too many" in response.content.decode()
    # An hour later the guest may write again.
    PendingGuestPost.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert post_as_guest(client, guest_topic, email="g9@example.net").status_code == 302


def test_rate_limit_per_email(client, guest_topic, board_settings):
    board_settings(guest_posts_per_email=1)
    assert post_as_guest(client, guest_topic, email="same@example.net").status_code == 302
    PendingGuestPost.objects.update(ip_address="198.51.100.7")
    response = post_as_guest(client, guest_topic, email="SAME@example.net")
    assert response.status_code == 429 and "already wait for this email address" in response.content.decode()


@pytest.mark.parametrize("ban", [{"kind": Ban.Kind.EMAIL, "value": "spammer@example.net"},
                                 {"kind": Ban.Kind.EMAIL, "value": "*@example.net"},
                                 {"kind": Ban.Kind.IP, "value": "127.0.0.0/8"}])
def test_banned_email_domain_or_ip_range_is_refused_here_and_at_sign_up(client, guest_topic, ban):
    Ban.objects.create(**ban)
    response = post_as_guest(client, guest_topic, email="spammer@example.net")
    assert response.status_code == 403 and "not allowed on this board" in response.content.decode()
    assert not PendingGuestPost.objects.exists()
    signup(client, email="spammer@example.net", username="spammer")
    assert not User.objects.filter(username="spammer").exists()


def test_guest_form_is_not_offered_in_a_locked_topic(client, make_topic, board):
    board.allow_guest_posts = True
    board.save()
    topic = make_topic(is_locked=True)
    assert "You can post now" not in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(reverse("guestposts:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                           {"content": "x", "email": "a@example.net"})
    assert response.status_code == 403 and not PendingGuestPost.objects.exists()


def test_one_reminder_after_two_days_whose_link_resumes_registration(client, guest_topic):
    post_as_guest(client, guest_topic, content="Remember me")
    call_command("guest_posts_daily", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 0  # too early
    PendingGuestPost.objects.update(created_at=timezone.now() - timedelta(days=2, minutes=1))
    call_command("guest_posts_daily", stdout=open("/dev/null", "w"))
    call_command("guest_posts_daily", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guest@example.net"] and "Open to guests" in message.body
    link = next(line for line in message.body.splitlines() if "/guest-posts/resume/" in line).strip()
    assert link.startswith("http://testserver/")
    # Another browser (the guest's phone) follows the link, registers there, and the reply is adopted.
    phone = client.__class__()
    landing = phone.get(link.removeprefix("http://testserver"), follow=True).content.decode()
    assert "Remember me" in landing
    signup(phone)
    assert PendingGuestPost.objects.get().adopted_by.username == "newcomer"


def test_a_forged_resume_link_grants_nothing(client, guest_topic):
    post_as_guest(client, guest_topic, content="Mine alone")
    other = client.__class__()
    response = other.get("/guest-posts/resume/1:forged:token/", follow=True)
    assert "This link has expired" in response.content.decode() and "Mine alone" not in response.content.decode()


def test_unadopted_replies_are_removed_after_fourteen_days(client, guest_topic):
    post_as_guest(client, guest_topic, content="Forgotten")
    post_as_guest(client, guest_topic, content="Recent", email="other@example.net")
    PendingGuestPost.objects.filter(post__content__contains="Forgotten").update(
        created_at=timezone.now() - timedelta(days=14, minutes=1))
    before = counters(guest_topic)
    call_command("guest_posts_daily", stdout=open("/dev/null", "w"))
    assert not Post.objects.filter(content__contains="Forgotten").exists()
    assert Post.objects.filter(content__contains="Recent").exists()
    assert counters(guest_topic) == before


def test_demo_forum_allows_guest_posts(demo_board):
    from forum.demo_seed import SEED_TITLE
    from forum.models import Topic

    assert Topic.objects.get(title=SEED_TITLE).forum.allow_guest_posts


def test_guest_reply_box_has_the_editor_with_a_browser_draft_and_no_uploads(client, guest_topic):
    html = client.get(guest_topic.get_absolute_url()).content.decode()
    box = html[html.index('id="reply"'):]
    assert "data-forum-editor" in box and f'data-autosave-key="topic-{guest_topic.pk}"' in box
    assert "data-draft-url" not in box  # a guest's draft stays in their browser
    assert "data-upload-url" not in box  # so pasting an image tells them to insert it from a URL
