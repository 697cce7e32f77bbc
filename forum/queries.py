"""The read side: what each page needs, in a fixed number of queries whatever the size of the board. Every read of
topics and posts goes through the visibility querysets (Topic.objects.visible_to / listed, Post.objects.visible_to)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Substr

from . import content, signals
from .models import Category, Forum, Post, Topic

POST_AUTHOR_FIELDS = ["author", "author__primary_group"]


def board_index():
    """Categories with their forums and each forum's latest post: two queries. (Forum counters and "last post" count
    only what every reader of the forum may see: moderation.counters.)"""
    forums = Forum.objects.select_related("last_post__topic", "last_post__author").order_by("order", "pk")
    return Category.objects.prefetch_related(Prefetch("forums", queryset=forums)).order_by("order", "pk")


def forum_topics(forum, page_number, viewer):
    """The forum's topic list as `viewer` may see it (Topic.objects.listed): hidden ones for its moderators, queued
    ones for those who approve and for their authors, "moved" pointers, never the recycle bin."""
    topics = (
        Topic.objects.listed(viewer).filter(forum=forum)
        .select_related("author", "last_post__author", "moved_to")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    return Paginator(topics, settings.AGORA_TOPICS_PER_PAGE, allow_empty_first_page=True).page(page_number)


def topics_for_page(viewer):
    """The topics `viewer` may open (and "moved" pointers, which lead on), with what a topic page's header needs in
    the topic's own query: forum, category, author, and the start of the first visible post's HTML
    (`first_post_head`, for the page's description and share previews). The recycle bin opens for those who hold the
    delete tool there. The apps built on forum add the columns their part of the page needs (signals.topic_page_columns),
    so that the page's query count stays fixed as features are added."""
    first_post = (Post.objects.filter(topic=OuterRef("pk"), state=Post.State.VISIBLE)
                  .order_by("position").values("content")[:1])
    columns = {}
    for _receiver, answer in signals.topic_page_columns.send(sender=Topic, viewer=viewer):
        columns.update(answer or {})
    return (Topic.objects.visible_to(viewer, with_deleted=True, pointers=True).select_related("forum__category", "author")
            .annotate(first_post_head=Substr(Subquery(first_post), 1, 2000), **columns))


def page_count(topic):
    return max(1, -(-topic.last_position // settings.AGORA_POSTS_PER_PAGE))


def visible_posts(viewer, topic):
    """The posts of `topic` that `viewer` may see on its pages (deleted posts are in the recycle bin, not here)."""
    return (Post.objects.visible_to(viewer, with_deleted=topic.deleted_at is not None)
            .filter(topic=topic).exclude(state=Post.State.DELETED))


def topic_posts(topic, page_number, viewer):
    """Page K of a topic is the posts whose position falls in ((K-1)*25, K*25]: an index range, never an OFFSET,
    so the last page of a long topic costs what the first does. One query."""
    per_page = settings.AGORA_POSTS_PER_PAGE
    first = (page_number - 1) * per_page + 1
    return list(
        visible_posts(viewer, topic).filter(position__gte=first, position__lt=first + per_page)
        .select_related(*POST_AUTHOR_FIELDS, "edited_by")
        .order_by("position")
    )


def embed_cards(viewer, stored_htmls):
    """The cards for the topics and posts that these stored texts embed, as `viewer` may see them:
    {("topic"|"post", id): (url, title, author, excerpt)}, in two queries at most for a whole page (none when nothing
    is embedded). What the viewer may not see has no card: it shows as a plain link, as a missing id would."""
    refs = set()
    for stored in stored_htmls:
        refs |= content.internal_embeds(stored)
    topic_ids = {i for kind, i in refs if kind == "topic"}
    post_ids = {i for kind, i in refs if kind == "post"}
    cards = {}
    if post_ids:
        posts = (Post.objects.visible_to(viewer).filter(pk__in=post_ids, state=Post.State.VISIBLE)
                 .select_related("topic", "author"))
        for post in posts:
            cards[("post", post.pk)] = (f"/post/{post.pk}/", post.topic.title, post.display_author_name,
                                        content.plain_text(post.content, 300))
    if topic_ids:
        first_post = (Post.objects.filter(topic=OuterRef("pk"), position=1, state=Post.State.VISIBLE)
                      .values("content")[:1])
        topics = (Topic.objects.visible_to(viewer).filter(pk__in=topic_ids).select_related("author")
                  .annotate(first_post_head=Substr(Subquery(first_post), 1, 4000)))
        for topic in topics:
            cards[("topic", topic.pk)] = (topic.get_absolute_url(), topic.title, topic.author_name or (
                topic.author.username if topic.author_id else ""), content.plain_text(topic.first_post_head, 300))
    return cards
