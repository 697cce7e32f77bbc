"""The read side: what each page needs, in a fixed number of queries whatever the size of the board."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Substr

from .models import Category, Forum, Post, Topic

POST_AUTHOR_FIELDS = ["author", "author__primary_group"]


def board_index():
    """Categories with their forums and each forum's latest post: two queries."""
    forums = Forum.objects.select_related("last_post__topic", "last_post__author").order_by("order", "pk")
    return Category.objects.prefetch_related(Prefetch("forums", queryset=forums)).order_by("order", "pk")


def forum_topics(forum, page_number, viewer_is_moderator=False, viewer=None, tools=frozenset()):
    """The forum's topics for one viewer: hidden ones for its moderators, queued ones for those who approve and for
    their authors, never the recycle bin."""
    topics = (
        Topic.objects.filter(forum=forum, deleted_at__isnull=True)
        .select_related("author", "last_post__author", "moved_to")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    if not (viewer_is_moderator or tools):
        topics = topics.filter(is_hidden=False)
    if "approve" not in tools:
        own = Q(author=viewer) if viewer is not None and viewer.is_authenticated else Q(pk__in=[])
        topics = topics.filter(Q(is_pending=False) | own)
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


def topic_posts(topic, page_number, viewer=None, tools=frozenset()):
    """Page K of a topic is the posts whose position falls in ((K-1)*25, K*25]: an index range, never an OFFSET,
    so the last page of a long topic costs what the first does.

    Everyone sees the visible posts; the viewer's own posts awaiting approval too; the forum's moderators (`tools`,
    from forum.permissions.viewer) also see hidden posts, and the queued ones if they approve. Still one query."""
    per_page = settings.AGORA_POSTS_PER_PAGE
    first = (page_number - 1) * per_page + 1
    shown = Q(state=Post.State.VISIBLE)
    if tools:
        shown |= Q(state=Post.State.HIDDEN)
    if "approve" in tools:
        shown |= Q(state=Post.State.PENDING)
    elif viewer is not None and viewer.is_authenticated:
        shown |= Q(state=Post.State.PENDING, author=viewer)
    return list(
        Post.objects.filter(shown, topic=topic, position__gte=first, position__lt=first + per_page)
        .select_related(*POST_AUTHOR_FIELDS, "edited_by")
        .order_by("position")
    )
