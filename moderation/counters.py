"""Denormalised counters recomputed from the posts themselves.

A post counts when it is VISIBLE and its topic is listed (not hidden, pending, deleted or a "moved" pointer):
- Topic.post_count: its visible posts; last_post / last_post_at: the newest of them; last_position: the highest.
- Forum.topic_count / post_count / last_post: over its listed topics.
- User.post_count: their visible posts in listed topics.

Moderation services call `refresh()` for just the rows an action touched, inside the action's transaction and after
locking those rows (the same order replies lock them: topic, then forum), so the numbers are exact right after every
action. `manage.py repair_counters` runs the same computation over everything and reports what it changed.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from forum.models import Forum, Post, Topic

LISTED = Q(is_hidden=False, is_pending=False, deleted_at__isnull=True, moved_to__isnull=True)


def _apply(model, rows):
    """rows: (object, {field: new value}) -> the changes made, as (object, field, old, new)."""
    changes = []
    for obj, new in rows:
        changed = {f: v for f, v in new.items() if getattr(obj, f) != v}
        if changed:
            model.objects.filter(pk=obj.pk).update(**changed)
            changes.extend((obj, f, getattr(obj, f), v) for f, v in changed.items())
    return changes


def recount_topics(topics):
    visible = Post.objects.filter(topic=OuterRef("pk"), state=Post.State.VISIBLE).order_by("-position")
    rows = topics.annotate(
        new_post_count=Count("posts", filter=Q(posts__state=Post.State.VISIBLE)),
        new_last_position=Coalesce(Subquery(
            Post.objects.filter(topic=OuterRef("pk")).order_by("-position").values("position")[:1]), Value(0)),
        new_last_post=Subquery(visible.values("pk")[:1]),
        new_last_post_at=Coalesce(Subquery(visible.values("created_at")[:1]), F("last_post_at")),
    )
    return _apply(Topic, ((t, {
        "post_count": t.new_post_count, "last_position": t.new_last_position, "last_post_id": t.new_last_post,
        "last_post_at": t.new_last_post_at}) for t in rows))


def recount_forums(forums):
    listed = Topic.objects.filter(LISTED, forum=OuterRef("pk"))
    rows = forums.annotate(
        new_topic_count=Coalesce(Subquery(
            listed.order_by().values("forum").annotate(c=Count("pk")).values("c"), output_field=IntegerField()),
            Value(0)),
        new_post_count=Coalesce(Subquery(
            listed.order_by().values("forum").annotate(s=Sum("post_count")).values("s"),
            output_field=IntegerField()), Value(0)),
        new_last_post=Subquery(listed.filter(last_post__isnull=False).order_by("-last_post_at", "-pk")
                               .values("last_post")[:1]),
    )
    return _apply(Forum, ((f, {"topic_count": f.new_topic_count, "post_count": f.new_post_count,
                               "last_post_id": f.new_last_post}) for f in rows))


# A member's post_count: their visible posts in listed topics (a "moved" pointer has no posts of its own).
COUNTED_POSTS = Q(state=Post.State.VISIBLE, topic__is_hidden=False, topic__is_pending=False,
                  topic__deleted_at__isnull=True)


def recount_users(users):
    """In one grouped query and one bulk write per thousand changed members, whatever the number of members (a
    board's thousands recount in seconds: repair_counters, the end of an import)."""
    User = get_user_model()
    counted = dict(Post.objects.filter(COUNTED_POSTS, author__in=users.order_by().values("pk")).order_by()
                   .values("author").annotate(n=Count("pk")).values_list("author", "n"))
    changes, changed = [], []
    for user in users.order_by("pk"):
        new = counted.get(user.pk, 0)
        if user.post_count != new:
            changes.append((user, "post_count", user.post_count, new))
            user.post_count = new
            changed.append(user)
    User.objects.bulk_update(changed, ["post_count"], batch_size=1000)
    return changes


def refresh(topic_ids=(), forum_ids=(), user_ids=(), authors_of_topics=()):
    """Recount the named rows (call inside the action's transaction). `authors_of_topics`: also recount everyone
    who wrote in these topics (for actions that list or unlist a whole topic)."""
    topic_ids, forum_ids = sorted(set(topic_ids)), sorted(set(forum_ids))
    user_ids = set(user_ids)
    if authors_of_topics:
        user_ids |= set(Post.objects.filter(topic_id__in=authors_of_topics, author__isnull=False)
                        .values_list("author_id", flat=True).distinct())
    if topic_ids:
        list(Topic.objects.select_for_update().filter(pk__in=topic_ids).order_by("pk").values_list("pk"))
        recount_topics(Topic.objects.filter(pk__in=topic_ids))
    if forum_ids:
        list(Forum.objects.select_for_update().filter(pk__in=forum_ids).order_by("pk").values_list("pk"))
        recount_forums(Forum.objects.filter(pk__in=forum_ids))
    if user_ids:
        users = get_user_model().objects.filter(pk__in=user_ids)
        list(users.select_for_update().order_by("pk").values_list("pk"))
        recount_users(users)
