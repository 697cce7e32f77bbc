"""Reading and recording what a member has read. A topic is unread when its last visible post is newer than the
member's cut-off for its forum (the latest of: when they joined, "Mark all read", "Mark forum read") and lies past the
position they have read up to."""

from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from forum.models import Post, Topic

from .models import ReadCutoff, ReadMarker


def record(member, topic, position):
    """Read up to `position`: one upsert, which never moves the marker backwards."""
    table = ReadMarker._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, topic_id, position, updated_at) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (member_id, topic_id) DO UPDATE SET position = EXCLUDED.position, "
            f"updated_at = EXCLUDED.updated_at WHERE {table}.position < EXCLUDED.position",
            [member.pk, topic.pk, position, timezone.now()])


def _set_cutoff(member, forum):
    now = timezone.now()
    if ReadCutoff.objects.filter(member=member, forum=forum).update(cut_off=now):
        return
    try:
        with transaction.atomic():
            ReadCutoff.objects.create(member=member, forum=forum, cut_off=now)
    except Exception:  # another request made it first: move it
        ReadCutoff.objects.filter(member=member, forum=forum).update(cut_off=now)


def mark_forum_read(member, forum):
    _set_cutoff(member, forum)


@transaction.atomic
def mark_all_read(member):
    _set_cutoff(member, None)
    ReadCutoff.objects.filter(member=member, forum__isnull=False).delete()  # older than the board's cut-off now


def _cutoff_expression(member, forum_ref):
    """The member's cut-off for the forum `forum_ref` points at, as a database expression."""
    board = ReadCutoff.objects.filter(member=member, forum__isnull=True).values("cut_off")[:1]
    in_forum = ReadCutoff.objects.filter(member=member, forum=forum_ref).values("cut_off")[:1]
    joined = Value(member.date_joined, output_field=DateTimeField())
    return Greatest(joined, Coalesce(Subquery(board), joined), Coalesce(Subquery(in_forum), joined))


def _unread(member, topics):
    """Topics (a queryset) left unread by `member`."""
    read_past_last = ReadMarker.objects.filter(member=member, topic=OuterRef("pk"),
                                               position__gte=OuterRef("last_post__position"))
    return (topics.filter(last_post__isnull=False)
            .annotate(read_cut_off=_cutoff_expression(member, OuterRef("forum_id")))
            .filter(last_post__created_at__gt=F("read_cut_off"))
            .exclude(Exists(read_past_last)))


def unread_topic_ids(member, topics):
    """Of these topics (one page of a forum), the ids of the unread ones: one query."""
    ids = [t.pk for t in topics]
    if not (member.is_authenticated and ids):
        return set()
    return set(_unread(member, Topic.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def unread_forum_ids(member):
    """Forums holding a topic the member may see and has not read: one query."""
    if not member.is_authenticated:
        return set()
    board = ReadCutoff.objects.filter(member=member, forum__isnull=True).values_list("cut_off", flat=True).first()
    since = max(filter(None, [member.date_joined, board]))
    topics = Topic.objects.visible_to(member).filter(last_post_at__gt=since)
    return set(_unread(member, topics).values_list("forum_id", flat=True).distinct())


def first_unread_post(member, topic):
    """The first post the member has not read, or the last one when they have read everything."""
    visible = Post.objects.visible_to(member).filter(topic=topic)
    marker = ReadMarker.objects.filter(member=member, topic=topic).values_list("position", flat=True).first()
    cut_off = (Topic.objects.filter(pk=topic.pk)
               .annotate(c=_cutoff_expression(member, OuterRef("forum_id"))).values_list("c", flat=True).first())
    unread = visible.filter(created_at__gt=cut_off)
    if marker:
        unread = unread.filter(position__gt=marker)
    return unread.order_by("position").first() or visible.order_by("-position").first()
