"""Every moderator and administrator write. One transaction each: the change, the counters it moves (recounted for
just the rows it touched, see moderation.counters) and its moderation log row commit together or not at all.

Each function takes who is acting and checks, after locking the rows it changes, that they hold the tool for it
(forum.permissions: the same rule the pages ask). When they do not, it raises ModerationRefused and changes
nothing, whoever called it: a view, the Django admin or a script. ModerationError says the action cannot be done as
asked (e.g. a split must leave the topic at least one post).
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bans import ip_in_range
from boardsettings.store import current as board_settings
from forum import permissions
from forum.content import ensure_sanitized
from forum.models import Post, Topic
from forum.refusals import Refused
from forum.signals import access_changed, content_changed, post_published, post_saved
from notifications import services as notifications

from . import counters
from .log import log
from .models import Ban, ForumPermission, PostRevision, Report


class ModerationError(Exception):
    """The action cannot be done as asked; the message says why, in words for a person."""


class ModerationRefused(Refused):
    """The actor does not hold the tool (or role) this action needs; nothing was changed."""


def _signed_in(actor):
    return actor is not None and actor.is_authenticated


def _require_tool(actor, forum_id, tool):
    if not (_signed_in(actor) and permissions.viewer(actor).may(forum_id, tool)):
        raise ModerationRefused(_("You do not have the moderator tool for this in that forum."))


def _require_admin(actor):
    if not (_signed_in(actor) and permissions.is_board_admin(actor)):
        raise ModerationRefused(_("Only administrators can do that."))


def _lock_topic(topic):
    try:
        return Topic.objects.select_for_update().get(pk=topic.pk)
    except Topic.DoesNotExist:
        raise ModerationError(_("That topic no longer exists.")) from None


# Topics ----------------------------------------------------------------------------------------------------------
TOPIC_FLAGS = {
    "pin": ("is_pinned", True), "unpin": ("is_pinned", False),
    "lock": ("is_locked", True), "unlock": ("is_locked", False),
    "hide": ("is_hidden", True), "unhide": ("is_hidden", False),
}
# The tool each topic action needs.
TOPIC_TOOL = {"pin": "pin", "unpin": "pin", "lock": "lock", "unlock": "lock", "hide": "hide", "unhide": "hide",
              "delete": "delete", "restore": "delete", "move": "move", "merge": "split_merge",
              "split": "split_merge"}


@transaction.atomic
def set_topic_flag(topic, action, actor, ip_address=None, reason=""):
    """pin / unpin / lock / unlock / hide / unhide."""
    field, value = TOPIC_FLAGS[action]
    topic = _lock_topic(topic)
    _require_tool(actor, topic.forum_id, TOPIC_TOOL[action])
    changes = {field: value}
    if field == "is_hidden":
        changes["hidden_reason"] = reason if value else ""
    Topic.objects.filter(pk=topic.pk).update(**changes)
    if field == "is_hidden":
        counters.refresh(forum_ids=[topic.forum_id], authors_of_topics=[topic.pk])
    if action == "hide":
        first_post = Post.objects.filter(topic=topic, position=1).first()
        if first_post is not None:
            notifications.post_hidden(first_post, actor, reason)
    log(actor, f"topic_{action}", topic, ip_address, reason, topic.forum)
    _changed(action, actor, topic_ids=[topic.pk])


@transaction.atomic
def delete_topic(topic, actor, ip_address=None, reason=""):
    """Into the recycle bin: restorable until purged (manage.py purge_recycle_bin)."""
    topic = _lock_topic(topic)
    _require_tool(actor, topic.forum_id, "delete")
    Topic.objects.filter(pk=topic.pk).update(deleted_at=timezone.now())
    Topic.objects.filter(moved_to=topic).delete()
    counters.refresh(forum_ids=[topic.forum_id], authors_of_topics=[topic.pk])
    log(actor, "topic_delete", topic, ip_address, reason, topic.forum)
    _changed("delete", actor, topic_ids=[topic.pk])


@transaction.atomic
def restore_topic(topic, actor, ip_address=None):
    topic = _lock_topic(topic)
    _require_tool(actor, topic.forum_id, "delete")
    Topic.objects.filter(pk=topic.pk).update(deleted_at=None)
    counters.refresh(forum_ids=[topic.forum_id], authors_of_topics=[topic.pk])
    log(actor, "topic_restore", topic, ip_address, "", topic.forum)
    _changed("restore", actor, topic_ids=[topic.pk])


@transaction.atomic
def move_topic(topic, forum, actor, ip_address=None, leave_pointer=False, reason=""):
    """Move `topic` into `forum`: the actor needs the move tool in both."""
    topic = _lock_topic(topic)
    _require_tool(actor, topic.forum_id, "move")
    _require_tool(actor, forum.pk, "move")
    if topic.moved_to_id:
        raise ModerationError(_("This is a pointer to a moved topic: move the topic itself."))
    if topic.forum_id == forum.pk:
        raise ModerationError(_("The topic is already in that forum."))
    old_forum_id = topic.forum_id
    Topic.objects.filter(pk=topic.pk).update(forum=forum)
    Topic.objects.filter(moved_to=topic, forum=forum).delete()  # moved back: its old pointer is not needed
    if leave_pointer:
        Topic.objects.create(forum_id=old_forum_id, title=topic.title, author=topic.author,
                             author_name=topic.author_name, created_at=topic.created_at,
                             last_post_at=topic.last_post_at, is_locked=True, moved_to=topic)
    counters.refresh(forum_ids=[old_forum_id, forum.pk])
    log(actor, "topic_move", topic, ip_address, reason or _("to %(forum)s") % {"forum": forum.name}, forum)
    _changed("move", actor, topic_ids=[topic.pk])


@transaction.atomic
def rename_topic(topic, title, actor, ip_address=None):
    """A new title for someone else's topic (the Django admin's topic form): the edit tool, and a log row."""
    topic = _lock_topic(topic)
    _require_tool(actor, topic.forum_id, "edit")
    title = title.strip()
    if not title:
        raise ModerationError(_("A topic needs a title."))
    if title != topic.title:
        old = topic.title
        topic.title = title
        topic.save(update_fields=["title", "slug"])
        log(actor, "topic_rename", topic, ip_address, old, topic.forum)


def _renumber(into_topic_id, from_topic_ids=None, post_ids=None, order_by="position, id"):
    """Give posts (all those of `from_topic_ids`, or just `post_ids` among them) to `into_topic_id` with positions
    1..n in the given order, so page K stays a range scan of positions. Two steps through a high offset, so no row
    ever collides with another on the unique (topic, position)."""
    table = Post._meta.db_table
    offset = 1_000_000_000
    from_topic_ids = list(from_topic_ids or [into_topic_id])
    where, params = "topic_id = ANY(%s)", [from_topic_ids]
    if post_ids is not None:
        where, params = where + " AND id = ANY(%s)", params + [list(post_ids)]
    if connection.vendor != "postgresql":  # the SQLite fallback has no arrays
        where = "topic_id IN ({})".format(",".join(str(int(t)) for t in from_topic_ids))
        if post_ids is not None:
            where += " AND id IN ({})".format(",".join(str(int(p)) for p in post_ids))
        params = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET topic_id = %s, position = numbered.n + %s FROM ("
            f"  SELECT id, row_number() OVER (ORDER BY {order_by}) AS n FROM {table} WHERE {where}"
            f") AS numbered WHERE {table}.id = numbered.id", [into_topic_id, offset, *params])
        cursor.execute(f"UPDATE {table} SET position = position - %s WHERE topic_id = %s AND position > %s",
                       [offset, into_topic_id, offset])


def _lock_topics(*topics):
    locked = Topic.objects.select_for_update().filter(pk__in=[t.pk for t in topics]).order_by("pk")
    locked = {t.pk: t for t in locked}
    if len(locked) < len({t.pk for t in topics}):
        raise ModerationError(_("That topic no longer exists."))
    return [locked[t.pk] for t in topics]


def _changed(action, actor, topic_ids=(), post_ids=()):
    """Tell the apps built on forum (search, notifications, recommendations...) what changed, in this transaction."""
    content_changed.send(Post, action=action, actor=actor, topic_ids=list(topic_ids), post_ids=list(post_ids))


@transaction.atomic
def merge_topics(source, target, actor, ip_address=None):
    """Move every post of `source` into `target`, in the order they were written; `source` goes to the bin with a
    pointer to where its posts went."""
    if source.pk == target.pk:
        raise ModerationError(_("A topic cannot be merged into itself."))
    source, target = _lock_topics(source, target)
    _require_tool(actor, source.forum_id, "split_merge")
    _require_tool(actor, target.forum_id, "split_merge")
    _renumber(target.pk, [source.pk, target.pk], order_by="created_at, id")
    Topic.objects.filter(pk=source.pk).update(deleted_at=timezone.now(), moved_to=target)
    Topic.objects.filter(moved_to=source).exclude(pk=source.pk).update(moved_to=target)
    counters.refresh(topic_ids=[source.pk, target.pk], forum_ids=[source.forum_id, target.forum_id],
                     authors_of_topics=[target.pk])
    log(actor, "topic_merge", target, ip_address, _("merged from “%(title)s”") % {"title": source.title},
        target.forum)
    _changed("merge", actor, topic_ids=[source.pk, target.pk])
    target.refresh_from_db()
    return target


@transaction.atomic
def split_topic(topic, post_ids, title, actor, ip_address=None, forum=None):
    """Move the chosen posts of `topic` into a new topic (in `forum`, by default the same one); both topics are
    renumbered 1..n. The new topic's first post gives its author and date."""
    (topic,) = _lock_topics(topic)
    _require_tool(actor, topic.forum_id, "split_merge")
    if forum is not None:
        _require_tool(actor, forum.pk, "split_merge")
    chosen = list(Post.objects.filter(topic=topic, pk__in=post_ids).exclude(state=Post.State.DELETED)
                  .order_by("position").select_related("author"))
    if not chosen:
        raise ModerationError(_("Choose the posts to move into the new topic."))
    if len(chosen) >= Post.objects.filter(topic=topic).count():
        raise ModerationError(_("At least one post must stay in the topic."))
    first = chosen[0]
    new = Topic.objects.create(
        forum=forum or topic.forum, title=title.strip(), author=first.author, author_name=first.author_name,
        created_at=first.created_at, last_post_at=first.created_at,
    )
    _renumber(new.pk, [topic.pk], post_ids=[p.pk for p in chosen])
    _renumber(topic.pk)
    counters.refresh(topic_ids=[topic.pk, new.pk], forum_ids={topic.forum_id, new.forum_id},
                     authors_of_topics=[new.pk])
    log(actor, "topic_split", topic, ip_address,
        _("%(count)s posts into “%(title)s”") % {"count": len(chosen), "title": new.title}, topic.forum)
    _changed("split", actor, topic_ids=[topic.pk, new.pk], post_ids=[p.pk for p in chosen])
    new.refresh_from_db()
    return new


# Posts -----------------------------------------------------------------------------------------------------------
POST_TOOL = {"post_hide": "hide", "post_unhide": "hide", "post_delete": "delete", "post_restore": "delete",
             "post_approve": "approve", "post_reject": "approve", "post_history": "edit"}


def _lock_post(post):
    """-> (topic, post) as they are now, both locked (topic first, the order replies lock in)."""
    topic_id = Post.objects.filter(pk=post.pk).values_list("topic_id", flat=True).first()
    if topic_id is None:
        raise ModerationError(_("That post no longer exists."))
    (topic,) = _lock_topics(Topic(pk=topic_id))
    current = Post.objects.select_for_update().filter(pk=post.pk, topic_id=topic.pk).first()
    if current is None:  # moved by a split or merge between the two reads
        raise ModerationError(_("That post was just moved. Please try again."))
    return topic, current


def _post_change(post, action, actor, ip_address, reason="", **fields):
    topic, post = _lock_post(post)
    _require_tool(actor, topic.forum_id, POST_TOOL[action])
    if post.position == 1 and action in ("post_hide", "post_delete"):
        raise ModerationError(_("This is the topic's first post: hide or delete the topic instead."))
    Post.objects.filter(pk=post.pk).update(**fields)
    counters.refresh(topic_ids=[topic.pk], forum_ids=[topic.forum_id],
                     user_ids=[post.author_id] if post.author_id else [])
    log(actor, action, post, ip_address, reason, topic.forum)
    _changed(action.removeprefix("post_"), actor, topic_ids=[topic.pk], post_ids=[post.pk])


@transaction.atomic
def hide_post(post, actor, ip_address=None, reason=""):
    _post_change(post, "post_hide", actor, ip_address, reason, state=Post.State.HIDDEN, state_reason=reason)
    notifications.post_hidden(post, actor, reason)


@transaction.atomic
def unhide_post(post, actor, ip_address=None):
    _post_change(post, "post_unhide", actor, ip_address, state=Post.State.VISIBLE, state_reason="")


@transaction.atomic
def delete_post(post, actor, ip_address=None, reason=""):
    _post_change(post, "post_delete", actor, ip_address, reason, state=Post.State.DELETED, state_reason=reason,
                 deleted_at=timezone.now())


@transaction.atomic
def restore_post(post, actor, ip_address=None):
    _post_change(post, "post_restore", actor, ip_address, state=Post.State.VISIBLE, state_reason="",
                 deleted_at=None)


def _require_pending(post):
    if post.state != Post.State.PENDING:
        raise ModerationError(_("This post is not waiting for approval."))


@transaction.atomic
def approve_post(post, actor, ip_address=None, message=""):
    """Publish a queued post; a topic's queued first post publishes the topic."""
    topic, post = _lock_post(post)
    _require_tool(actor, topic.forum_id, "approve")
    _require_pending(post)
    Post.objects.filter(pk=post.pk).update(state=Post.State.VISIBLE, state_reason="")
    if topic.is_pending and post.position == 1:
        Topic.objects.filter(pk=topic.pk).update(is_pending=False)
    counters.refresh(topic_ids=[topic.pk], forum_ids=[topic.forum_id],
                     user_ids=[post.author_id] if post.author_id else [], authors_of_topics=[topic.pk])
    log(actor, "post_approve", post, ip_address, message, topic.forum)
    _changed("approve", actor, topic_ids=[topic.pk], post_ids=[post.pk])
    post.refresh_from_db()
    post_published.send(Post, post=post, actor=actor)
    notifications.post_approved(post, actor, message)


@transaction.atomic
def reject_post(post, actor, ip_address=None, message=""):
    """Refuse a queued post: it goes to the recycle bin (with its topic, when it was the topic's first post)."""
    topic, post = _lock_post(post)
    _require_tool(actor, topic.forum_id, "approve")
    _require_pending(post)
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(state=Post.State.DELETED, deleted_at=now)
    if topic.is_pending and post.position == 1:
        Topic.objects.filter(pk=topic.pk).update(deleted_at=now)
    counters.refresh(topic_ids=[topic.pk], forum_ids=[topic.forum_id])
    log(actor, "post_reject", post, ip_address, message, topic.forum)
    _changed("reject", actor, topic_ids=[topic.pk], post_ids=[post.pk])
    notifications.post_rejected(post, actor, message)


def edit_post(post, editor, content, reason="", ip_address=None, title=None):
    """Every edit keeps the content it replaces as a revision; an edit of someone else's post is logged. The author
    edits their own post; anyone else needs the edit tool (forum.permissions.edit_refusal). The content is sanitized
    before the locks are taken (the form has usually done it already)."""
    new_content = ensure_sanitized(content)
    with transaction.atomic():
        _edit_post_locked(post, editor, new_content, reason, ip_address, title)


def _edit_post_locked(post, editor, new_content, reason, ip_address, title):
    topic, current = _lock_post(post)
    refusal = (None if _signed_in(editor) and permissions.can_view_forum(editor, topic.forum)
               and permissions.can_view_topic(editor, topic) else _("You cannot see that post."))
    refusal = refusal or permissions.edit_refusal(editor, current, topic)
    if refusal:
        raise ModerationRefused(refusal)
    previous_content = current.content
    PostRevision.objects.create(post=current, content=previous_content, editor=editor, editor_name=editor.username,
                                reason=reason)
    Post.objects.filter(pk=post.pk).update(content=new_content, edited_at=timezone.now(), edited_by=editor,
                                           edit_reason=reason)
    if title and current.position == 1 and title.strip() != topic.title:
        topic.title = title.strip()
        topic.save(update_fields=["title", "slug"])
    if current.author_id != editor.pk:
        log(editor, "post_edit", current, ip_address, reason, topic.forum)
    current.refresh_from_db()
    post_saved.send(Post, post=current, created=False, actor=editor, previous_content=previous_content)


@transaction.atomic
def restore_revision(revision, actor, ip_address=None):
    post = revision.post
    _require_tool(actor, _lock_post(post)[0].forum_id, "edit")
    edit_post(post, actor, revision.content, _("Restored the version of %(when)s") % {
        "when": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")}, ip_address)
    log(actor, "post_revision_restore", post, ip_address, "", post.topic.forum)


# Reports ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def report_post(post, reporter, reason, note=""):
    """A member reports a post they can see (moderators may report any post of their forums)."""
    topic, post = _lock_post(post)
    if not (_signed_in(reporter) and permissions.can_report(reporter)
            and permissions.can_view_forum(reporter, topic.forum) and permissions.can_view_topic(reporter, topic)
            and (post.state == Post.State.VISIBLE or permissions.is_moderator(reporter, topic.forum))):
        raise ModerationRefused(_("You cannot report this post."))
    return Report.objects.create(post=post, reporter=reporter, reason=reason, note=note)


@transaction.atomic
def close_reports(post, actor, ip_address=None, resolution=""):
    topic, post = _lock_post(post)
    _require_tool(actor, topic.forum_id, "reports")
    open_reports = Report.objects.filter(post=post, handled_at__isnull=True)
    reporters = set(open_reports.values_list("reporter_id", flat=True))
    closed = open_reports.update(handled_at=timezone.now(), handled_by=actor, resolution=resolution)
    log(actor, "reports_close", post, ip_address, resolution, topic.forum)
    notifications.reports_handled(post, reporters, actor, resolution)
    return closed


# Members ---------------------------------------------------------------------------------------------------------
MEMBER_TOOL = {"warn": "warn", "suspend": "suspend", "unsuspend": "suspend", "ban": "ban", "unban": "ban"}


def may_act_on_member(actor, member, tool):
    """Member tools are board-wide: the tool held in any forum, and only administrators act on administrators."""
    return (_signed_in(actor) and permissions.viewer(actor).may_anywhere(tool)
            and (permissions.is_board_admin(actor) or not member.is_board_admin))


def _lock_member(member, actor, tool):
    locked = type(member).objects.select_for_update(of=("self",)).select_related("primary_group").get(pk=member.pk)
    if not may_act_on_member(actor, locked, tool):
        raise ModerationRefused(_("You cannot do that to this member."))
    return locked


def warn_member(member, actor, reason, ip_address=None, **options):
    """Warnings (points, expiry, the notice the member acknowledges, automatic suspension) live in
    moderation.conduct."""
    from .conduct import warn_member as warn

    return warn(member, actor, reason, ip_address, **options)


@transaction.atomic
def suspend_member(member, actor, until, reason="", ip_address=None):
    member = _lock_member(member, actor, "suspend")
    type(member).objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason)
    log(actor, "member_suspend", member, ip_address,
        f"{reason} ({timezone.localtime(until):%Y-%m-%d %H:%M})" if until else reason)


@transaction.atomic
def lift_suspension(member, actor, ip_address=None):
    member = _lock_member(member, actor, "suspend")
    type(member).objects.filter(pk=member.pk).update(suspended_until=None, suspension_reason="")
    log(actor, "member_unsuspend", member, ip_address)


@transaction.atomic
def ban_member(member, actor, reason="", until=None, ip_address=None):
    member = _lock_member(member, actor, "ban")
    Ban.objects.create(kind=Ban.Kind.MEMBER, member=member, reason=reason, created_by=actor, expires_at=until)
    log(actor, "member_ban", member, ip_address, reason)


@transaction.atomic
def lift_ban(member, actor, ip_address=None):
    member = _lock_member(member, actor, "ban")
    Ban.objects.filter(kind=Ban.Kind.MEMBER, member=member).delete()
    log(actor, "member_unban", member, ip_address)


def may_manage_bans(actor):
    """Email, domain and IP-range bans reach the whole board: administrators, and holders of the ban tool in every
    forum."""
    return _signed_in(actor) and (permissions.is_board_admin(actor)
                                  or permissions.viewer(actor).forums_with("ban") is None)


def _require_ban_manager(actor):
    if not may_manage_bans(actor):
        raise ModerationRefused(_("Only administrators and moderators who may ban everywhere manage these bans."))


@transaction.atomic
def ban_value(kind, value, actor, reason="", until=None, ip_address=None):
    _require_ban_manager(actor)
    if kind == Ban.Kind.IP and ip_address and ip_in_range(ip_address, value):
        raise ModerationError(_("This range includes the address you are connecting from: you would ban yourself."))
    ban = Ban.objects.create(kind=kind, value=value.strip().lower(), reason=reason, created_by=actor,
                             expires_at=until)
    log(actor, f"ban_{kind}", ban, ip_address, reason)
    return ban


@transaction.atomic
def lift(ban, actor, ip_address=None):
    """Lift one ban of any kind (the bans page's button). A member ban needs what banning the member needs."""
    ban = Ban.objects.select_for_update(of=("self",)).select_related("member").filter(pk=ban.pk).first()
    if ban is None:
        raise ModerationError(_("That ban was already lifted."))
    if ban.kind == Ban.Kind.MEMBER:
        if ban.member is None or not may_act_on_member(actor, ban.member, "ban"):
            raise ModerationRefused(_("You cannot do that to this member."))
    else:
        _require_ban_manager(actor)
    Ban.objects.filter(pk=ban.pk).delete()  # the object in hand keeps its id and value for the log row
    if ban.kind == Ban.Kind.MEMBER:
        log(actor, "member_unban", ban.member, ip_address, str(ban))
    else:
        log(actor, f"unban_{ban.kind}", ban, ip_address)


@transaction.atomic
def set_member_group(member, group, actor, ip_address=None):
    _require_admin(actor)
    member = type(member).objects.select_for_update().get(pk=member.pk)
    old = member.primary_group
    type(member).objects.filter(pk=member.pk).update(primary_group=group)
    log(actor, "member_group", member, ip_address, f"{old} → {group}")
    access_changed.send(type(member), member_ids=[member.pk], forum_ids=[], actor=actor)


# Forum permissions -----------------------------------------------------------------------------------------------
@transaction.atomic
def save_forum_permissions(forum, grid, actor, ip_address=None):
    """grid: {group or None (guests): {permission name: bool}} -> one row per group, created or updated."""
    _require_admin(actor)
    for group, values in grid.items():
        ForumPermission.objects.update_or_create(forum=forum, group=group, defaults=values)
    log(actor, "forum_permissions", forum, ip_address, "", forum)
    access_changed.send(ForumPermission, forum_ids=[forum.pk], member_ids=[], actor=actor)


# Recycle bin -----------------------------------------------------------------------------------------------------
@transaction.atomic
def purge_recycle_bin(days=None):
    """Delete for good what has been in the bin longer than `days`; returns (topics, posts) removed."""
    cutoff = timezone.now() - timedelta(days=board_settings().recycle_bin_days if days is None else days)
    old_topics = Topic.objects.filter(deleted_at__lt=cutoff)
    forum_ids = set(old_topics.values_list("forum_id", flat=True))
    Topic.objects.filter(moved_to__in=old_topics).delete()
    removed_topics = old_topics.count()
    old_topics.delete()
    old_posts = Post.objects.filter(state=Post.State.DELETED, deleted_at__lt=cutoff)
    topic_ids = set(old_posts.values_list("topic_id", flat=True))
    removed_posts = old_posts.count()
    old_posts.delete()
    forum_ids |= set(Topic.objects.filter(pk__in=topic_ids).values_list("forum_id", flat=True))
    counters.refresh(topic_ids=topic_ids, forum_ids=forum_ids)
    return removed_topics, removed_posts
