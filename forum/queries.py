"""The read side: what each page needs, in a fixed number of queries whatever the size of the board."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Substr

from .models import Category, Forum, Post, Topic

POST_AUTHOR_FIELDS = ["author", "author__primary_group"]


def board_index():
    """Categories with their forums and each forum's latest post: two queries."""
    forums = Forum.objects.select_related("last_post__topic", "last_post__author").order_by("order", "pk")
    return Category.objects.prefetch_related(Prefetch("forums", queryset=forums)).order_by("order", "pk")


def forum_topics(forum, page_number, viewer_is_moderator=False):
    topics = (
        Topic.objects.filter(forum=forum)
        .select_related("author", "last_post__author")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    if not viewer_is_moderator:
        topics = topics.filter(is_hidden=False)
    return Paginator(topics, settings.AGORA_TOPICS_PER_PAGE, allow_empty_first_page=True).page(page_number)


def topics_for_page():
    """Topics with what a topic page's header needs, in the topic's own query: forum, category, author, and the
    start of the first visible post's HTML (`first_post_head`, for the page's description and share previews)."""
    first_post = (Post.objects.filter(topic=OuterRef("pk"), state=Post.State.VISIBLE)
                  .order_by("position").values("content")[:1])
    return (Topic.objects.select_related("forum__category", "author")
            .annotate(first_post_head=Substr(Subquery(first_post), 1, 2000)))


def page_count(topic):
    return max(1, -(-topic.last_position // settings.AGORA_POSTS_PER_PAGE))


def topic_posts(topic, page_number):
    """Page K of a topic is the posts whose position falls in ((K-1)*25, K*25]: an index range, never an OFFSET,
    so the last page of a long topic costs what the first does."""
    per_page = settings.AGORA_POSTS_PER_PAGE
    first = (page_number - 1) * per_page + 1
    return list(
        Post.objects.filter(topic=topic, position__gte=first, position__lt=first + per_page,
                            state=Post.State.VISIBLE)
        .select_related(*POST_AUTHOR_FIELDS)
        .order_by("position")
    )
