"""What the activity stream, the feeds and the sitemap read: always through the visibility querysets, with guests'
eyes for everything published to the outside (feeds, sitemap)."""

from datetime import datetime, timedelta, timezone

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, Subquery

from forum import permissions
from forum.models import Forum, Post, Topic

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class BadCursor(ValueError):
    pass


def cursor_of(post):
    """Where the next page starts: the post's time (in microseconds) and id, for a keyset, never an OFFSET."""
    delta = post.created_at - EPOCH
    return f"{(delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds}_{post.pk}"


def parse_cursor(text):
    try:
        micros, pk = (int(part) for part in text.split("_"))
        return EPOCH + timedelta(microseconds=micros), pk
    except (ValueError, OverflowError) as error:
        raise BadCursor(text) from error


def newest_posts(viewer, before=None, count=30):
    """The newest posts (and so topics: a topic's first post) the viewer may see, older than the `before` cursor.
    Returns (posts, cursor for the next page or None). One query, walking the post_newest index."""
    posts = (Post.objects.visible_to(viewer).select_related("topic__forum", "author")
             .order_by("-created_at", "-pk"))
    if before:
        at, pk = parse_cursor(before)
        posts = posts.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    page = list(posts[: count + 1])
    more = len(page) > count
    page = page[:count]
    return page, (cursor_of(page[-1]) if more else None)


def guest():
    return AnonymousUser()


def guest_forums(viewer=None):
    """Forums a guest may see and read. Pass the guest already asking, to reuse its loaded permissions."""
    viewer = viewer or guest()
    perms = permissions.viewer(viewer)
    return [forum for forum in Forum.objects.select_related("last_post").order_by("pk")
            if perms.forum_perm(forum.pk, "can_see") and perms.forum_perm(forum.pk, "can_read")]


def guest_topics():
    return Topic.objects.visible_to(guest())


def guest_posts():
    return Post.objects.visible_to(guest())


def topics_with_first_post(topics, viewer):
    """Topics with the HTML of their first post that `viewer` may see (`first_post_html`), in the topics' query."""
    first = (Post.objects.visible_to(viewer).filter(topic=OuterRef("pk"), position=1).values("content")[:1])
    return topics.annotate(first_post_html=Subquery(first))
