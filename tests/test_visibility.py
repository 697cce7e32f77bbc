"""One rule for who sees what: every surface in tests/visibility.py × every kind of content a viewer may not see ×
every kind of viewer who may not see it. Nothing of it shows (no title, no text), and wherever an id is asked for,
the answer is the one a missing id gets."""

import difflib
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from forum import services
from forum.content import sanitize_html
from forum.models import Category, Forum, ForumPermission, Moderator, Post, Topic
from recommendations.models import Recommendation
from sharing.models import ShortLink
from sharing.services import new_code

from .visibility import SURFACES

pytestmark = pytest.mark.django_db

VIEWERS = ["guest", "member", "moderator of another forum", "administrator without two-factor",
           "moderator without two-factor"]
SECRETS = ["topic in a staff-only forum", "hidden topic", "deleted topic", "pending post",
           "post awaiting registration", "deleted post", "hidden post"]


@dataclass
class Secret:
    kind: str
    topic: Topic
    post: Post
    words: list
    short_codes: list = field(default_factory=list)

    @property
    def topic_is_secret(self):
        """The secret is a whole topic (not one post in a topic everyone may open)."""
        return "topic" in self.kind


@dataclass
class Scene:
    public_forum: Forum
    public_topic: Topic
    long_topic: Topic
    embedding_topic: Topic
    author: object
    embedder: object
    secrets: dict


def _embed_every_form(secret):
    """Every address form of a secret topic and post, as an embed marker."""
    t, p = secret.topic, secret.post
    urls = [f"/post/{p.pk}/", f"https://testserver/post/{p.pk}/", f"http://localhost/post/{p.pk}/",
            f"/topic/{t.pk}-{t.slug}/comment/{p.pk}/", f"http://testserver/topic/{t.pk}-{t.slug}/#comment-{p.pk}"]
    if secret.topic_is_secret:
        urls += [f"/topic/{t.pk}/", f"/topic/{t.pk}-{t.slug}/", f"https://testserver/topic/{t.pk}-{t.slug}/page/1/"]
    return "".join(f'<div class="embed" data-embed-url="{u}"></div>' for u in urls)


@pytest.fixture
def scene(make_member, groups, make_topic, board):
    author = make_member("author")
    embedder = make_member("embedder")
    public = board
    staff = Forum.objects.create(category=Category.objects.create(name="Team"), name="Staff room")
    other = Forum.objects.create(category=public.category, name="Other forum")
    ForumPermission.objects.create(forum=staff, group=None, can_see=False, can_read=False)
    ForumPermission.objects.create(forum=staff, group=groups["Members"], can_see=False, can_read=False)
    public_topic = make_topic(posts=2, title="Open topic", author=author)
    long_topic = make_topic(posts=30, title="Long open topic", author=author)

    secrets = {}

    def topic_secret(kind, forum, **fields):
        word = {"topic in a staff-only forum": "STAFF"}.get(kind, kind.split()[0].upper())
        topic = services.create_topic(forum, author, f"SECRETTITLE{word} topic", f"<p>SECRETBODY{word} text</p>")
        Topic.objects.filter(pk=topic.pk).update(**fields)
        topic.refresh_from_db()
        secrets[kind] = Secret(kind, topic, topic.posts.get(position=1), [f"SECRETTITLE{word}", f"SECRETBODY{word}"])

    topic_secret("topic in a staff-only forum", staff)
    topic_secret("hidden topic", public, is_hidden=True)
    topic_secret("deleted topic", public, deleted_at=timezone.now())

    def post_secret(kind, state, position):
        word = "".join(w[0] for w in kind.split()).upper()
        post = Post.objects.create(topic=public_topic, position=position, author=author if position else None,
                                   author_name=author.username, state=state,
                                   content=f"<p>SECRETPOST{word} words</p>",
                                   deleted_at=timezone.now() if state == Post.State.DELETED else None)
        secrets[kind] = Secret(kind, public_topic, post, [f"SECRETPOST{word}"])

    post_secret("pending post", Post.State.PENDING, 3)
    post_secret("post awaiting registration", Post.State.AWAITING_REGISTRATION, None)
    post_secret("deleted post", Post.State.DELETED, 4)
    post_secret("hidden post", Post.State.HIDDEN, 5)
    Topic.objects.filter(pk=public_topic.pk).update(last_position=5)
    public_topic.refresh_from_db()

    for secret in secrets.values():
        # Links made while the content could be seen (the service refuses to make them now).
        secret.short_codes = [ShortLink.objects.create(code=new_code(), post=secret.post).code]
        if secret.topic_is_secret:
            secret.short_codes.append(ShortLink.objects.create(code=new_code(), topic=secret.topic).code)
        Recommendation.objects.create(post=secret.post, topic=secret.topic, note=f"{secret.words[-1]} note")

    every_embed = "".join(_embed_every_form(s) for s in secrets.values())
    embedding_topic = services.create_topic(public, embedder, "Embeds everything", f"<p>See:</p>{every_embed}")
    embedder.signature = sanitize_html(f"<p>Sig</p>{every_embed}")
    embedder.save(update_fields=["signature"])
    Moderator.objects.create(user=make_member("othermod", mfa=True), tools=["pin", "hide", "delete", "approve",
                                                                               "edit", "reports"]).forums.add(other)
    make_member("nomfaadmin", group="Administrators", mfa=False)
    make_member("nomfamod", group="Moderators", mfa=False)
    return Scene(public, public_topic, long_topic, embedding_topic, author, embedder, secrets)


def _client(kind, scene):
    from accounts.models import User

    client = Client()
    username = {"member": "member", "moderator of another forum": "othermod",
                "administrator without two-factor": "nomfaadmin", "moderator without two-factor": "nomfamod"}.get(kind)
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _normalised(response):
    """A page with its ids, CSRF tokens and flash messages (left by an earlier request of the same client) taken out,
    to compare with the page for a missing id."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode(errors="replace"))
    body = re.sub(r'<div class="messages".*?</div>', "", body, flags=re.DOTALL)
    body = body.replace(response.request["PATH_INFO"], "PATH")
    return re.sub(r"\s+", " ", re.sub(r"\d+", "N", body)).replace("> <", ">\n<")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_nothing_shows_and_ids_answer_like_missing_ones(scene, viewer, member):
    """All surfaces for one viewer in one test (the scene is costly to build); every failure is listed."""
    client = _client(viewer, scene)
    failures = []
    for surface in sorted(SURFACES):
        for secret in scene.secrets.values():
            for attempt in SURFACES[surface](client, scene, secret):
                body = attempt.response.content.decode(errors="replace")
                if attempt.any_case:
                    body = body.lower()
                failures += [f"{surface}: {secret.kind} shows {word}" for word in secret.words
                             if (word.lower() if attempt.any_case else word) in body]
                if attempt.like_missing is None:
                    continue
                missing = attempt.like_missing()
                if attempt.response.status_code != missing.status_code:
                    failures.append(f"{surface}: {secret.kind} answers {attempt.response.status_code}, "
                                    f"a missing id {missing.status_code}")
                elif _normalised(attempt.response) != _normalised(missing):
                    diff = difflib.unified_diff(_normalised(missing).splitlines(),
                                                _normalised(attempt.response).splitlines(), lineterm="", n=0)
                    failures.append(f"{surface}: {secret.kind} answers with another page than a missing id: "
                                    + " | ".join(list(diff)[2:8]))
    assert not failures, "\n".join(failures)


def test_the_queryset_and_the_one_object_rule_agree(scene):
    """Topic/Post.objects.visible_to and can_view_topic/can_view_post are one rule written twice: they agree for
    every viewer and every topic and post of the scene."""
    from accounts.models import User
    from django.contrib.auth.models import AnonymousUser

    from forum.permissions import can_view_post, can_view_topic

    viewers = [AnonymousUser(), *User.objects.all()]
    for user in viewers:
        topics = set(Topic.objects.visible_to(user).values_list("pk", flat=True))
        posts = set(Post.objects.visible_to(user).values_list("pk", flat=True))
        for topic in Topic.objects.all():
            assert (topic.pk in topics) == can_view_topic(user, topic), (user, topic)
        for post in Post.objects.select_related("topic"):
            assert (post.pk in posts) == can_view_post(user, post, post.topic), (user, post)


def test_the_author_still_sees_their_pending_post_and_staff_with_two_factor_see_hidden_content(scene, client,
                                                                                               admin_user):
    pending = scene.secrets["pending post"]
    client.force_login(scene.author)
    assert "SECRETPOSTPP" in client.get(scene.public_topic.get_absolute_url()).content.decode()
    client.force_login(admin_user)
    hidden = scene.secrets["hidden topic"]
    assert client.get(hidden.topic.get_absolute_url()).status_code == 200
    page = client.get(scene.embedding_topic.get_absolute_url()).content.decode()
    assert "SECRETTITLESTAFF" in page  # the card shows to those who may see it, when the page is shown
    assert pending.post in Post.objects.visible_to(admin_user)


def test_a_card_changes_when_its_topic_is_hidden_later(client, make_topic, make_member):
    target = make_topic(title="Soon hidden")
    embedder = make_member("embedder")
    page = services.create_topic(target.forum, embedder, "Card", f'<div class="embed" data-embed-url="/topic/{target.pk}/"></div>')
    assert "Soon hidden" in client.get(page.get_absolute_url()).content.decode()
    from moderation.services import set_topic_flag

    # Hidden the way moderators hide it (the guest page cache follows the moderation, as it follows every write).
    set_topic_flag(target, "hide", make_member("hider", group="Moderators"))
    assert "Soon hidden" not in client.get(page.get_absolute_url()).content.decode()


def test_the_member_search_is_for_members(client, member):
    assert client.get("/editor/members/?q=m").status_code == 403
    client.force_login(member)
    assert client.get("/editor/members/?q=m").json()["results"]
