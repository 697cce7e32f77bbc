"""The visibility matrix's registry: every place that shows or acts on topics and posts, tried against every kind of
content a viewer may not see (tests/test_visibility.py runs each surface × secret × viewer).

A feature that shows content (search, notifications, feeds, attachments...) joins by adding a `@surface(...)`
function here. A surface gets (client, scene, secret) and returns a list of `Try`s: each response must not carry
the secret's title or text, and a Try that names an id (`like_missing`) must answer exactly as the same request for
an id that never existed (so that no one can tell hidden content from none at all). A secret is a whole topic
(`secret.topic_is_secret`) or one post of a topic everyone may open: ask about the topic's id only in the first
case.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse

MISSING_ID = 987654321
SURFACES = {}


@dataclass
class Try:
    response: object
    # The same request for an id that never existed: this response must answer like it (status and page).
    like_missing: Callable | None = None
    # The secret's words must not show in any case (a search suggestion gives words in lower case).
    any_case: bool = False


def surface(name):
    def register(function):
        SURFACES[name] = function
        return function
    return register


def _topic_url(topic_id, slug="x"):
    return reverse("forum:topic", kwargs={"pk": topic_id, "slug": slug})


def _post_id(secret):
    return secret.post.pk


# Pages -----------------------------------------------------------------------------------------------------------
@surface("topic page")
def topic_page(client, scene, secret):
    # The open topic that holds a secret post (or any topic) shows no trace of it.
    tries = [Try(client.get(scene.public_topic.get_absolute_url()))]
    if secret.topic_is_secret:
        tries.append(Try(client.get(_topic_url(secret.topic.pk)), lambda: client.get(_topic_url(MISSING_ID))))
    return tries


@surface("topic page 2 and its pager")
def topic_page_two(client, scene, secret):
    return [Try(client.get(scene.long_topic.get_page_url(2)))]


@surface("post permalink")
def post_permalink(client, scene, secret):
    return [Try(client.get(reverse("forum:post", args=[_post_id(secret)])),
                lambda: client.get(reverse("forum:post", args=[MISSING_ID])))]


@surface("link to comment")
def link_to_comment(client, scene, secret):
    url = reverse("forum:comment", kwargs={"pk": secret.topic.pk, "slug": "x", "post_id": _post_id(secret)})
    missing = reverse("forum:comment", kwargs={"pk": scene.public_topic.pk, "slug": "x", "post_id": MISSING_ID})
    return [Try(client.get(url), lambda: client.get(missing))]


@surface("board index")
def board_index(client, scene, secret):
    return [Try(client.get(reverse("forum:index")))]


@surface("forum page")
def forum_page(client, scene, secret):
    forum = secret.topic.forum
    tries = [Try(client.get(scene.public_forum.get_absolute_url()))]
    if secret.topic_is_secret and forum.pk != scene.public_forum.pk:
        tries.append(Try(client.get(forum.get_absolute_url()),
                         lambda: client.get(reverse("forum:forum", kwargs={"pk": MISSING_ID, "slug": "x"}))))
    return tries


@surface("choose forum (Create New...)")
def choose_forum(client, scene, secret):
    return [Try(client.get(reverse("forum:choose_forum")))]


@surface("profile of the author")
def profile(client, scene, secret):
    return [Try(client.get(scene.author.get_absolute_url()))]


@surface("embed cards, every URL form, in a post and in a signature")
def embed_cards(client, scene, secret):
    # scene.embedder's visible post and signature embed every secret by every URL form.
    return [Try(client.get(scene.embedding_topic.get_absolute_url())),
            Try(client.get(scene.embedder.get_absolute_url()))]


@surface("recommended posts")
def recommended_posts(client, scene, secret):
    return [Try(client.get(scene.public_topic.get_absolute_url()))]


# Sharing ---------------------------------------------------------------------------------------------------------
@surface("create short link")
def create_short_link(client, scene, secret):
    tries = [Try(client.post(reverse("sharing:create"), {"post": _post_id(secret)}),
                 lambda: client.post(reverse("sharing:create"), {"post": MISSING_ID}))]
    if secret.topic_is_secret:
        tries.append(Try(client.post(reverse("sharing:create"), {"topic": secret.topic.pk}),
                         lambda: client.post(reverse("sharing:create"), {"topic": MISSING_ID})))
    return tries


@surface("follow short link")
def follow_short_link(client, scene, secret):
    return [Try(client.get(reverse("sharing:follow", args=[code])),
                lambda: client.get(reverse("sharing:follow", args=["zzzzzzz"])))
            for code in secret.short_codes]


@surface("WeChat share page")
def wechat(client, scene, secret):
    if not secret.topic_is_secret:
        post_url = reverse("sharing:wechat_post", kwargs={"pk": secret.topic.pk, "slug": "x",
                                                           "post_id": _post_id(secret)})
        missing = reverse("sharing:wechat_post", kwargs={"pk": secret.topic.pk, "slug": "x", "post_id": MISSING_ID})
        return [Try(client.get(post_url), lambda: client.get(missing))]
    return [Try(client.get(reverse("sharing:wechat", kwargs={"pk": secret.topic.pk, "slug": "x"})),
                lambda: client.get(reverse("sharing:wechat", kwargs={"pk": MISSING_ID, "slug": "x"})))]


# Actions ---------------------------------------------------------------------------------------------------------
@surface("reply")
def reply(client, scene, secret):
    if not secret.topic_is_secret:
        return []
    return [Try(client.post(reverse("forum:reply", kwargs={"pk": secret.topic.pk, "slug": "x"}),
                            {"content": "<p>hello</p>"}),
                lambda: client.post(reverse("forum:reply", kwargs={"pk": MISSING_ID, "slug": "x"}),
                                    {"content": "<p>hello</p>"}))]


@surface("rate")
def rate(client, scene, secret):
    if not secret.topic_is_secret:
        return []
    return [Try(client.post(reverse("ratings:rate", kwargs={"pk": secret.topic.pk, "slug": "x"}), {"value": "4"}),
                lambda: client.post(reverse("ratings:rate", kwargs={"pk": MISSING_ID, "slug": "x"}), {"value": "4"}))]


@surface("recommend")
def recommend(client, scene, secret):
    def url(topic_id, post_id):
        return reverse("recommendations:recommend", kwargs={"pk": topic_id, "slug": "x", "post_id": post_id})
    return [Try(client.post(url(secret.topic.pk, _post_id(secret)), {"note": ""}),
                lambda: client.post(url(scene.public_topic.pk, MISSING_ID), {"note": ""}))]


@surface("react, who reacted, delete own post")
def reactions_and_own_posts(client, scene, secret):
    def react(pk):
        return client.post(reverse("reactions:react", kwargs={"pk": pk}), {"kind": "1"})

    def who(pk):
        return client.get(reverse("reactions:who", kwargs={"pk": pk}))

    def delete_own(pk):
        return client.post(reverse("moderation:delete_own_post", kwargs={"pk": pk}))
    return [Try(action(_post_id(secret)), lambda action=action: action(MISSING_ID))
            for action in (react, who, delete_own)]


@surface("moderation tools on the post and topic")
def moderation_tools(client, scene, secret):
    def post_tool(pk):
        return client.post(reverse("moderation:post_action", kwargs={"pk": pk, "action": "hide"}))

    def topic_tool(pk):
        return client.post(reverse("moderation:topic_action", kwargs={"pk": pk, "action": "pin"}))
    tries = [Try(post_tool(_post_id(secret)), lambda: post_tool(MISSING_ID))]
    if secret.topic_is_secret:
        tries.append(Try(topic_tool(secret.topic.pk), lambda: topic_tool(MISSING_ID)))
    return tries


@surface("edit, history and report pages")
def post_pages(client, scene, secret):
    tries = []
    for name in ("moderation:edit_post", "moderation:post_history", "moderation:report_post"):
        tries.append(Try(client.get(reverse(name, args=[_post_id(secret)])),
                         lambda name=name: client.get(reverse(name, args=[MISSING_ID]))))
    return tries


@surface("editor draft")
def editor_draft(client, scene, secret):
    def draft(**place):
        return client.post(reverse("editor:draft"), {**place, "content": "<p>x</p>"})
    tries = []
    if secret.topic_is_secret:
        tries.append(Try(draft(topic=secret.topic.pk), lambda: draft(topic=MISSING_ID)))
        if secret.topic.forum_id != scene.public_forum.pk:
            tries.append(Try(draft(forum=secret.topic.forum_id), lambda: draft(forum=MISSING_ID)))
    return tries


@surface("moderation pages (queue, reports, recycle bin, log)")
def moderation_pages(client, scene, secret):
    return [Try(client.get(reverse(name))) for name in
            ("moderation:queue", "moderation:reports", "moderation:recycle_bin", "moderation:log")]


@surface("moderator console (dashboard, a topic's history)")
def moderator_console(client, scene, secret):
    def topic_history(pk):
        return client.get(reverse("moderation:log"), {"topic": pk})
    tries = [Try(client.get(reverse("moderation:dashboard")))]
    if secret.topic_is_secret:
        tries.append(Try(topic_history(secret.topic.pk), lambda: topic_history(MISSING_ID)))
    return tries


@surface("review queue actions, member page and member search")
def review_and_members(client, scene, secret):
    def act(pk):
        return client.post(reverse("moderation:review_act"), {"action": "approve", "posts": pk}, follow=True)

    return [Try(act(_post_id(secret)), lambda: act(MISSING_ID)),
            Try(client.get(reverse("moderation:member", kwargs={"pk": scene.author.pk}))),
            Try(client.get(reverse("moderation:member_search"), {"q": scene.author.username}))]


@surface("attachment download")
def attachment_download(client, scene, secret):
    """A file shown only by the secret post: its download answers like a missing id."""
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings

    from attachments.models import Attachment

    name = f"file-{secret.post.pk}.txt"
    with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="agora-visibility-")):
        attachment = Attachment.objects.filter(posts=secret.post, original_name=name).first()
        if attachment is None:
            attachment = Attachment(user=scene.author, original_name=name, content_type="text/plain; charset=utf-8",
                                    size=5)
            attachment.file.save("secret.txt", ContentFile(b"words"), save=True)
            attachment.posts.add(secret.post)
        missing = reverse("attachments:download", kwargs={"pk": MISSING_ID, "name": name})
        return [Try(client.get(attachment.get_absolute_url()), lambda: client.get(missing))]


# Old Invision Community links (ipsimport): redirect only to what the visitor may see --------------------------
@surface("old IPS link")
def old_ips_link(client, scene, secret):
    from django.test import override_settings

    from ipsimport.models import OldId, SourceBoard

    board, _created = SourceBoard.objects.get_or_create(key="visibility", defaults={"base_url": "http://x.example/"})
    kind, new_id = ("topic", secret.topic.pk) if secret.topic_is_secret else ("post", secret.post.pk)
    old_id = new_id + 500_000
    OldId.objects.get_or_create(board=board, kind=kind, old_id=old_id, defaults={"new_id": new_id, "old_slug": "t"})

    def get(old):
        address = f"/forums/topic/{old}-t/" if kind == "topic" else f"/forums/topic/1-t/?do=findComment&comment={old}"
        with override_settings(AGORA_IPS_OLD_ADDRESSES=["http://testserver/forums/"]):
            return client.get(address)

    return [Try(get(old_id), lambda: get(MISSING_ID))]
# Search, activity, feeds and the sitemap (search and activity apps) --------------------------------------------------
@surface("search and its suggestions, by every word of the secret (and misspelt) and by words it shares with open posts")
def search(client, scene, secret):
    from django.test import override_settings

    # Lowercase: the index is, so the secret's own (uppercase) words can only come back from a leaked result.
    queries = [word.lower() for word in secret.words] + ["topic", "text words", "secretbody*"]
    # A misspelling of each word (its last letter changed): "did you mean" must never offer the secret word.
    misspelled = [word.lower()[:-1] + ("q" if word[-1].lower() != "q" else "z") for word in secret.words]
    with override_settings(AGORA_SEARCH_RATE="100000/m"):
        return [Try(client.get(reverse("search:search"), {"q": q, **extra}))
                for q in queries for extra in ({}, {"sort": "newest"}, {"topics_only": "on"})] + [
            Try(client.get(reverse("search:search"), {"q": q}), any_case=True) for q in misspelled]


@surface("activity stream")
def activity_stream(client, scene, secret):
    return [Try(client.get(reverse("activity:activity")))]


@surface("Atom feeds")
def feeds(client, scene, secret):
    tries = [Try(client.get(reverse("activity:board_feed"))),
             Try(client.get(reverse("activity:forum_feed", args=[scene.public_forum.pk]))),
             Try(client.get(reverse("activity:topic_feed", args=[scene.public_topic.pk])))]
    if secret.topic_is_secret:
        tries.append(Try(client.get(reverse("activity:topic_feed", args=[secret.topic.pk])),
                         lambda: client.get(reverse("activity:topic_feed", args=[MISSING_ID]))))
        tries.append(Try(client.get(reverse("activity:forum_feed", args=[secret.topic.forum_id])),
                         lambda: client.get(reverse("activity:forum_feed", args=[MISSING_ID])))
                     if secret.topic.forum_id != scene.public_forum.pk else
                     Try(client.get(reverse("activity:forum_feed", args=[secret.topic.forum_id]))))
    return tries


@surface("sitemap")
def sitemap(client, scene, secret):
    return [Try(client.get(reverse("activity:sitemap"))),
            Try(client.get(reverse("activity:sitemap_section", args=["forums"]))),
            Try(client.get(reverse("activity:sitemap_section", args=["topics"])))]
