"""Making notifications, and reading them back for one member.

Who is told: never the actor themselves, never a member who ignores the actor (for content), never about a post the
member cannot see (Post.objects.visible_to decides, here when sending and again when listing). One event makes at most
one notification per member: a database constraint on (recipient, event), and the most specific kind wins."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from follows.services import followers
from forum.content import mentioned_member_ids, quoted_post_ids
from forum.models import Post, Topic

from .models import CONTENT_KINDS, SPECIFICITY, Delivery, IgnoredMember, Kind, Notification, Preferences

EMAIL_BATCH = 200
# A post concerning more members than this is delivered by several tasks, which several workers can share.
DELIVERY_CHUNK = 500


def _can_see(member, post):
    return Post.objects.visible_to(member).filter(pk=post.pk).exists()


def notify(candidates, *, kind=None, event, actor=None, topic=None, post=None, reason=""):
    """Tell `candidates` about one event. `candidates` is an iterable of member ids, or a dict {member id: kind}
    when one event concerns members in different ways. Returns the notifications made (not those that existed)."""
    kinds = candidates if isinstance(candidates, dict) else {pk: kind for pk in candidates}
    if actor is not None:
        kinds.pop(actor.pk, None)
    if not kinds:
        return []
    if actor is not None and any(k in CONTENT_KINDS for k in kinds.values()):
        ignoring = set(IgnoredMember.objects.filter(ignored=actor, member_id__in=list(kinds))
                       .values_list("member_id", flat=True))
        kinds = {pk: k for pk, k in kinds.items() if not (k in CONTENT_KINDS and pk in ignoring)}
    # primary_group: the visibility rule asks it of each member (is_board_admin).
    members = get_user_model().objects.filter(pk__in=list(kinds), is_active=True).select_related("primary_group")
    settings_by_member = {p.member_id: p for p in Preferences.objects.filter(member_id__in=list(kinds))}
    now = timezone.now()
    made = []
    for member in members.iterator():
        member_kind = kinds[member.pk]
        if post is not None and member_kind in CONTENT_KINDS and not _can_see(member, post):
            continue
        preferences = settings_by_member.get(member.pk) or Preferences(member=member)
        made.append(Notification(
            recipient=member, kind=member_kind, event=event, actor=actor, topic=topic, post=post, reason=reason,
            created_at=now, delivery=preferences.emailed(member_kind),
        ))
    Notification.objects.bulk_create(made, ignore_conflicts=True)
    # With ignore_conflicts the new rows' ids are not returned: read back the ones still to email now.
    due = list(Notification.objects.filter(event=event, recipient_id__in=[n.recipient_id for n in made],
                                           delivery=Delivery.IMMEDIATE, emailed_at__isnull=True)
               .values_list("pk", flat=True))
    if due:
        transaction.on_commit(lambda: _enqueue_emails(due))
    return made


def _enqueue_emails(ids):
    from .tasks import send_emails

    for start in range(0, len(ids), EMAIL_BATCH):
        send_emails.enqueue(ids[start:start + EMAIL_BATCH])


def post_kinds(post):
    """{member id: kind} for a newly visible post: followers of its topic (or, for a first post, of its forum),
    the members it mentions and the authors of the posts it quotes; the most specific kind for each member."""
    kinds = {}

    def add(member_ids, kind):
        for pk in member_ids:
            if pk and (pk not in kinds or SPECIFICITY.index(kind) < SPECIFICITY.index(kinds[pk])):
                kinds[pk] = kind

    if post.position == 1:
        add(followers(post.topic.forum), Kind.NEW_TOPIC)
    else:
        add(followers(post.topic), Kind.REPLY)
    add(mentioned_member_ids(post.content), Kind.MENTION)
    quoted = quoted_post_ids(post.content) - {post.pk}
    if quoted:
        add(Post.objects.filter(pk__in=quoted).values_list("author_id", flat=True), Kind.QUOTE)
    kinds.pop(post.author_id, None)
    return kinds


def deliver_post(post_id):
    """Run by the worker after a post became visible (forum.signals.post_published). Posts written long before
    (imports, the demo board's backdated history) are not news: nobody is notified of them."""
    post = Post.objects.select_related("topic__forum", "author").filter(pk=post_id).first()
    if post is None or post.state != Post.State.VISIBLE or post.author_id is None:
        return 0
    if post.created_at < timezone.now() - timedelta(days=settings.AGORA_NOTIFY_MAX_AGE_DAYS):
        return 0
    kinds = list(post_kinds(post).items())
    if len(kinds) > DELIVERY_CHUNK:
        from .tasks import deliver_post_to

        for start in range(0, len(kinds), DELIVERY_CHUNK):
            deliver_post_to.enqueue(post.pk, kinds[start:start + DELIVERY_CHUNK])
        return len(kinds)
    return deliver_post_to_members(post, kinds)


def deliver_post_to_members(post, kinds):
    """One share of a post's delivery: `kinds` is a list of (member id, kind) pairs."""
    if isinstance(post, int):
        post = Post.objects.select_related("topic__forum", "author").filter(pk=post).first()
        if post is None or post.state != Post.State.VISIBLE:
            return 0
    return len(notify({int(pk): kind for pk, kind in kinds}, event=f"post:{post.pk}", actor=post.author,
                      topic=post.topic, post=post))


def deliver_edit_mentions(post_id, member_ids, editor_id):
    """Run by the worker after an edit of a visible post added mentions of `member_ids` (those it did not mention
    before). Each is told once, whatever later edits do: not the editor, nor the post's author, nor a member who
    ignores either, nor one already told of a mention in this post, and only while they may see it."""
    post = Post.objects.select_related("topic", "author").filter(pk=post_id).first()
    if post is None or post.state != Post.State.VISIBLE:
        return 0
    editor = get_user_model().objects.filter(pk=editor_id).first() if editor_id else None
    told = set(Notification.objects.filter(post=post, kind=Kind.MENTION, recipient_id__in=member_ids)
               .values_list("recipient_id", flat=True))
    ignoring_author = set(IgnoredMember.objects.filter(ignored_id=post.author_id, member_id__in=member_ids)
                          .values_list("member_id", flat=True)) if post.author_id else set()
    skip = told | ignoring_author | {post.author_id}
    candidates = [pk for pk in member_ids if pk not in skip]
    return len(notify(candidates, kind=Kind.MENTION, event=f"mention:{post.pk}", actor=editor or post.author,
                      topic=post.topic, post=post))


# Moderation and recommendations call these (they sit above forum and may import this app).
def post_recommended(post, moderator):
    notify([post.author_id], kind=Kind.RECOMMENDED, event=f"recommended:{post.pk}", actor=moderator,
           topic=post.topic, post=post)


def post_approved(post, moderator, message=""):
    notify([post.author_id], kind=Kind.APPROVED, event=f"approved:{post.pk}", actor=moderator, topic=post.topic,
           post=post, reason=message)


def post_rejected(post, moderator, message=""):
    """The post is in the recycle bin: the notification names the topic, never the post's content."""
    notify([post.author_id], kind=Kind.REJECTED, event=f"rejected:{post.pk}", actor=moderator, topic=post.topic,
           reason=message)


def post_hidden(post, moderator, reason=""):
    notify([post.author_id], kind=Kind.HIDDEN, event=f"hidden:{post.pk}:{int(timezone.now().timestamp())}",
           actor=moderator, topic=post.topic, post=post, reason=reason)


def reports_handled(post, reporter_ids, moderator, resolution=""):
    notify(reporter_ids, kind=Kind.REPORT_HANDLED,
           event=f"report:{post.pk}:{int(timezone.now().timestamp())}", actor=moderator, topic=post.topic,
           post=post, reason=resolution)


def member_warned(warning):
    notify([warning.member_id], kind=Kind.WARNING, event=f"warning:{warning.pk}", actor=warning.by,
           reason=warning.reason)


# Reading --------------------------------------------------------------------------------------------------------
def visible_to(member):
    """The member's notifications they may still see, each knowing whether its post and topic are visible to them:
    content kinds whose post is no longer visible drop out, others lose their link. One query, however many."""
    return (
        Notification.objects.filter(recipient=member)
        .annotate(post_visible=Exists(Post.objects.visible_to(member).filter(pk=OuterRef("post_id"))),
                  topic_visible=Exists(Topic.objects.visible_to(member).filter(pk=OuterRef("topic_id"))))
        .filter(~Q(kind__in=CONTENT_KINDS) | Q(post_visible=True))
    )


def unread_count(member):
    """The live count (the bell's fetch): unread notifications the member may see now. The page shows the member's
    stored count (User.unread_notifications), which recheck() keeps equal to this as content changes."""
    return visible_to(member).filter(read_at__isnull=True).count()


def recheck(post_ids=(), topic_ids=(), forum_ids=(), member_ids=()):
    """Content changed state or place (hidden, restored, deleted, moved, merged...), or who may read it changed (a
    forum's permission grid: `forum_ids`; a member's group: `member_ids`): each unread notification concerned counts in
    its member's bell only while the member may see its post (one query per member concerned; run by the worker). The
    database trigger moves the count when `out_of_sight` changes."""
    about = Q(pk__in=[])
    if post_ids:
        about |= Q(post_id__in=list(post_ids))
    if topic_ids:
        about |= Q(post__topic_id__in=list(topic_ids)) | Q(topic_id__in=list(topic_ids))
    if forum_ids:
        about |= Q(post__topic__forum_id__in=list(forum_ids)) | Q(topic__forum_id__in=list(forum_ids))
    if member_ids:
        about |= Q(recipient_id__in=list(member_ids))
    concerned = Notification.objects.filter(kind__in=CONTENT_KINDS, read_at__isnull=True).filter(about)
    by_member = defaultdict(list)
    for pk, member_id, post_id, out_of_sight in concerned.values_list("pk", "recipient_id", "post_id", "out_of_sight"):
        by_member[member_id].append((pk, post_id, out_of_sight))
    changed = 0
    for member in get_user_model().objects.filter(pk__in=list(by_member)).select_related("primary_group"):
        rows = by_member[member.pk]
        seen = set(Post.objects.visible_to(member).filter(pk__in={post_id for _pk, post_id, _o in rows})
                   .values_list("pk", flat=True))
        for hide in (True, False):
            ids = [pk for pk, post_id, out_of_sight in rows if (post_id not in seen) == hide and out_of_sight != hide]
            if ids:
                changed += Notification.objects.filter(pk__in=ids).update(out_of_sight=hide)
    return changed


def mark_read(member, notification_ids):
    return Notification.objects.filter(recipient=member, pk__in=notification_ids, read_at__isnull=True).update(
        read_at=timezone.now())


def mark_all_read(member):
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())


def ignore(member, other):
    if other.pk != member.pk:
        IgnoredMember.objects.get_or_create(member=member, ignored=other)


def unignore(member, other):
    IgnoredMember.objects.filter(member=member, ignored=other).delete()
