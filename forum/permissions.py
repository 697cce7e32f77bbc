"""Who may do what, as plain functions of (user, object). Views and templates ask here and nowhere else.

The `*_refusal` functions return None when the action is allowed, or a sentence for the person explaining why not;
the `can_*` functions are their yes/no form for templates.

What a viewer may do is loaded once per request (`viewer(user)`, cached on the user object, which lives as long
as the request): their group's per-forum permission rows and their moderator assignments, in at most three
queries, after which every check is a dictionary look-up. Nothing here runs a query per post or per topic.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.bans import ban_for
from accounts.mfa import has_mfa
from accounts.models import default_group
from boardsettings.store import current as board_settings

# `models` is read at call time only: forum.models asks this module for the visibility rule at call time too.
from . import models

# When a forum has no row for a group, these apply. Guests may read, and what they post waits for approval.
DEFAULT_PERMISSIONS = {
    "can_see": True, "can_read": True, "can_start": True, "can_reply": True, "can_rate": True, "can_upload": True,
    "can_download": True, "can_post_without_approval": True, "can_react": True, "can_delete_own": True,
}
DEFAULT_GUEST_PERMISSIONS = {**DEFAULT_PERMISSIONS, "can_rate": False, "can_upload": False,
                             "can_post_without_approval": False, "can_react": False, "can_delete_own": False}


def is_board_admin(user):
    """Holds the administrator role and may use it: administrators without two-factor authentication hold no staff
    power at all (they read and post as members of their group until they set it up)."""
    return user.is_authenticated and viewer(user).is_admin


def _within(field, ids):
    """Q for "`field` is one of `ids`", where None means every forum (forum ids are never NULL)."""
    return Q(**{f"{field}__isnull": False}) if ids is None else Q(**{f"{field}__in": ids})


class ViewerPermissions:
    """Everything one viewer may do, computed lazily and once.

    Staff powers fail closed: a member whose role (administrator, or any moderator assignment) requires two-factor
    authentication and who has not set it up holds no tool and no administrator power, wherever the action lives."""

    def __init__(self, user):
        self.user = user
        self._forum_rows = None
        self._raw_tools = None
        self._tools = None
        self._mfa_missing = None
        self._ban = False

    # Staff role and two-factor --------------------------------------------------------------------------------
    @property
    def _admin_role(self):
        user = self.user
        return user.is_authenticated and user.is_active and user.is_board_admin

    def holds_staff_role(self):
        """Administrator or moderator by role, whether or not two-factor authentication is set up yet."""
        everywhere, per_forum = self._load_raw_tools()
        return self._admin_role or bool(everywhere or any(per_forum.values()))

    def mfa_missing(self):
        """True for staff who must set up two-factor authentication before any staff power works."""
        if self._mfa_missing is None:
            self._mfa_missing = self.holds_staff_role() and not has_mfa(self.user)
        return self._mfa_missing

    @property
    def is_admin(self):
        return self._admin_role and not self.mfa_missing()

    # Per-forum permissions -------------------------------------------------------------------------------------
    def _rows(self):
        if self._forum_rows is None:
            names = [name for name, _label in models.FORUM_PERMISSIONS]
            group_id = self.user.primary_group_id if self.user.is_authenticated else None
            group = self.user.primary_group if group_id else None
            if group is not None and (group.is_admin or group.is_moderator) and self.mfa_missing():
                # Fail closed: until two-factor is set up, a staff group's forums (a staff-only forum) stay shut;
                # such a member reads as a member of the default group.
                group_id = default_group()
            rows = models.ForumPermission.objects.filter(group_id=group_id) if group_id else \
                models.ForumPermission.objects.filter(group__isnull=True)
            self._forum_rows = {row["forum_id"]: row for row in rows.values("forum_id", *names)}
        return self._forum_rows

    def defaults(self):
        return DEFAULT_PERMISSIONS if self.user.is_authenticated else DEFAULT_GUEST_PERMISSIONS

    def forum_perm(self, forum_id, name):
        if self.is_admin:
            return True
        row = self._rows().get(forum_id)
        return row[name] if row else self.defaults()[name]

    def forums_where(self, name, field="forum_id"):
        """The same answer as forum_perm, as a Q on `field` for a whole queryset (no query of its own)."""
        if self.is_admin:
            return _within(field, None)
        rows = self._rows()
        if self.defaults()[name]:
            return ~Q(**{f"{field}__in": [forum_id for forum_id, row in rows.items() if not row[name]]})
        return Q(**{f"{field}__in": [forum_id for forum_id, row in rows.items() if row[name]]})

    # Moderator tools -------------------------------------------------------------------------------------------
    def _load_raw_tools(self):
        """-> (tools held in every forum, {forum_id: tools held there}), before the two-factor rule."""
        if self._raw_tools is None:
            everywhere, per_forum = set(), {}
            user = self.user
            if self._admin_role or (user.is_authenticated and user.primary_group_id
                                    and user.primary_group.is_moderator):
                everywhere = set(models.TOOL_NAMES)
            elif user.is_authenticated:
                mine = Q(user=user) | Q(group_id=user.primary_group_id) if user.primary_group_id else Q(user=user)
                assignments = list(models.Moderator.objects.filter(mine).values_list("pk", "all_forums", "tools"))
                scoped = {pk: set(tools) for pk, all_forums, tools in assignments if not all_forums}
                for _pk, all_forums, tools in assignments:
                    if all_forums:
                        everywhere |= set(tools)
                if scoped:
                    through = models.Moderator.forums.through.objects.filter(moderator_id__in=scoped)
                    for moderator_id, forum_id in through.values_list("moderator_id", "forum_id"):
                        per_forum.setdefault(forum_id, set()).update(scoped[moderator_id])
            self._raw_tools = (everywhere, per_forum)
        return self._raw_tools

    def _load_tools(self):
        if self._tools is None:
            self._tools = (set(), {}) if self.mfa_missing() else self._load_raw_tools()
        return self._tools

    def tools(self, forum_id):
        everywhere, per_forum = self._load_tools()
        return frozenset(everywhere | per_forum.get(forum_id, set()))

    def may(self, forum_id, tool):
        return tool in self.tools(forum_id)

    def may_anywhere(self, tool):
        everywhere, per_forum = self._load_tools()
        return tool in everywhere or any(tool in tools for tools in per_forum.values())

    def moderates(self, forum_id=None):
        """Holds any tool in this forum (or, with no forum, anywhere)."""
        everywhere, per_forum = self._load_tools()
        if forum_id is None:
            return bool(everywhere or any(per_forum.values()))
        return bool(everywhere or per_forum.get(forum_id))

    def forums_with(self, tool):
        """None for every forum, else the ids of the forums where the viewer holds this tool."""
        everywhere, per_forum = self._load_tools()
        if tool in everywhere:
            return None
        return [forum_id for forum_id, tools in per_forum.items() if tool in tools]

    def moderated_forums(self):
        """None for every forum, else the ids of the forums where the viewer holds any tool."""
        everywhere, per_forum = self._load_tools()
        return None if everywhere else [forum_id for forum_id, tools in per_forum.items() if tools]

    # Bans ------------------------------------------------------------------------------------------------------
    def ban(self):
        if self._ban is False:
            self._ban = ban_for(user=self.user, email=self.user.email) if self.user.is_authenticated else None
        return self._ban


def viewer(user):
    """The viewer's permissions, computed once per request (the user object lives as long as the request)."""
    perms = getattr(user, "_agora_permissions", None)
    if perms is None:
        perms = ViewerPermissions(user)
        user._agora_permissions = perms
    return perms


def guest_row(forum_field="forum_id"):
    """A query expression for a page's own query: the guests' permission row of the forum whose id is in the outer
    query's `forum_field`, as a dict ({permission name: bool}), or None where the forum has none (the defaults apply).
    With it, guest_in() answers "may a guest...?" about that forum on a member's page without a query of its own."""
    names = [name for name, _label in models.FORUM_PERMISSIONS]
    rows = models.ForumPermission.objects.filter(forum_id=OuterRef(forum_field), group__isnull=True)
    return Subquery(rows.values(row=JSONObject(**{name: name for name in names}))[:1], output_field=JSONField())


class _GuestInOneForum(ViewerPermissions):
    """A guest's permissions in one forum, from its row as a page's query brought it (guest_row)."""

    def __init__(self, user, forum_id, row):
        super().__init__(user)
        self.forum_id = forum_id
        self._forum_rows = {forum_id: row} if row else {}

    def forum_perm(self, forum_id, name):
        if forum_id != self.forum_id:
            raise ValueError("this guest knows the permissions of one forum only")
        return super().forum_perm(forum_id, name)

    def forums_where(self, name, field="forum_id"):
        raise ValueError("this guest knows the permissions of one forum only")


def guest_in(forum_id, row):
    """A guest for the one visibility rule (can_view_topic, can_view_post), about forum `forum_id` only, whose
    permission row there is `row` (the value of guest_row(); None for the defaults): no query."""
    guest = AnonymousUser()
    guest._agora_permissions = _GuestInOneForum(guest, forum_id, row)
    return guest


# The one visibility rule ------------------------------------------------------------------------------------------
# Each rule is written twice, side by side: as a Q for querysets (Topic.objects.visible_to, Post.objects.visible_to)
# and as a test of one loaded object (can_view_topic, can_view_post). tests/test_visibility.py holds them together.

def topic_visibility(user, prefix="", with_deleted=False, pointers=False):
    """Q: the topics `user` may open. Forum "see" and "read"; hidden ones for the forum's moderators; queued ones for
    those who approve there and for their author; the recycle bin only with `with_deleted`, for those who hold the
    delete tool there; "moved" pointers only with `pointers` (forum lists show them)."""
    perms = viewer(user)
    forum = f"{prefix}forum_id"
    readable = perms.forums_where("can_see", forum) & perms.forums_where("can_read", forum)
    rule = Q(**{f"{prefix}is_hidden": False}) | _within(forum, perms.moderated_forums())
    own = Q(**{f"{prefix}author": user}) if user.is_authenticated else Q(pk__in=[])
    rule &= Q(**{f"{prefix}is_pending": False}) | _within(forum, perms.forums_with("approve")) | own
    deleted = Q(**{f"{prefix}deleted_at__isnull": True})
    if with_deleted:
        deleted |= _within(forum, perms.forums_with("delete"))
    rule &= deleted & Q(**{f"{prefix}moved_to__isnull": True})
    if pointers:
        # A pointer shows only a title and leads on; where it leads is checked again when followed. (A merged
        # topic is in the recycle bin and is also its own pointer, so old links to it still lead on.)
        rule |= Q(**{f"{prefix}moved_to__isnull": False})
    return readable & rule


def post_visibility(user, prefix="", with_deleted=False):
    """Q: the posts `user` may see, in topics they may open. Visible posts; hidden ones for the forum's moderators;
    queued ones for those who approve there and for their author; deleted ones only with `with_deleted`, for those
    who hold the delete tool; a guest's reply awaiting registration never (guestposts shows it to its session)."""
    perms = viewer(user)
    forum = f"{prefix}topic__forum_id"
    State = models.Post.State
    state = f"{prefix}state"
    shown = Q(**{state: State.VISIBLE})
    shown |= Q(**{state: State.HIDDEN}) & _within(forum, perms.moderated_forums())
    own = Q(**{f"{prefix}author": user}) if user.is_authenticated else Q(pk__in=[])
    shown |= Q(**{state: State.PENDING}) & (_within(forum, perms.forums_with("approve")) | own)
    if with_deleted:
        shown |= Q(**{state: State.DELETED}) & _within(forum, perms.forums_with("delete"))
    return shown & topic_visibility(user, prefix=f"{prefix}topic__", with_deleted=with_deleted)


def can_view_forum(user, forum):
    return viewer(user).forum_perm(forum.pk, "can_see")


def can_view_topic(user, topic, with_deleted=False):
    """The topic_visibility rule for one loaded topic (its forum included)."""
    perms = viewer(user)
    forum_id = topic.forum_id
    if not (perms.forum_perm(forum_id, "can_see") and perms.forum_perm(forum_id, "can_read")):
        return False
    if topic.moved_to_id:
        return False
    if topic.deleted_at is not None and not (with_deleted and perms.may(forum_id, "delete")):
        return False
    if topic.is_hidden and not perms.moderates(forum_id):
        return False
    if topic.is_pending and not (perms.may(forum_id, "approve")
                                 or (user.is_authenticated and topic.author_id == user.pk)):
        return False
    return True


def can_view_post(user, post, topic, with_deleted=False):
    """The post_visibility rule for one loaded post of a loaded topic."""
    if not can_view_topic(user, topic, with_deleted=with_deleted):
        return False
    perms = viewer(user)
    State = models.Post.State
    if post.state == State.VISIBLE:
        return True
    if post.state == State.HIDDEN:
        return perms.moderates(topic.forum_id)
    if post.state == State.PENDING:
        return perms.may(topic.forum_id, "approve") or (user.is_authenticated and post.author_id == user.pk)
    if post.state == State.DELETED:
        return with_deleted and perms.may(topic.forum_id, "delete")
    return False


def is_moderator(user, forum=None):
    return user.is_authenticated and viewer(user).moderates(forum.pk if forum is not None else None)


def may_moderate(user, forum, tool):
    return user.is_authenticated and viewer(user).may(forum.pk, tool)


def has_verified_email(user):
    """Asked by several checks on one page: answered once per request (cached on the user object)."""
    if not hasattr(user, "_agora_verified_email"):
        from allauth.account.models import EmailAddress

        user._agora_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._agora_verified_email


def _posting_refusal(user):
    if not user.is_authenticated:
        return _("Sign in or register to post.")
    if not user.is_active:
        return _("Your account is not active.")
    if user.is_suspended:
        return _("Your account is suspended until %(when)s: you can read, but not post.") % {
            "when": formats.date_format(user.suspended_until, "DATETIME_FORMAT")}
    if viewer(user).ban():
        return _("Your account is banned.")
    if board_settings().require_verified_email_to_post and not has_verified_email(user):
        return _("Please confirm your email address before posting. We sent you a link when you registered.")
    return None


def start_topic_refusal(user, forum):
    if forum is not None and not viewer(user).forum_perm(forum.pk, "can_start"):
        return _("You cannot start topics in this forum.")
    return _posting_refusal(user)


def reply_refusal(user, topic):
    perms = viewer(user)
    if topic.is_locked and not perms.moderates(topic.forum_id):
        return _("This topic is locked. It no longer accepts replies.")
    if not perms.forum_perm(topic.forum_id, "can_reply"):
        return _("You cannot reply in this forum.")
    return _posting_refusal(user)


def upload_refusal(user, forum):
    """Attaching files: the group's "upload" column of the forum's permission grid, for members who may post.
    Guests insert images from a URL (their uploads would have no owner to count them against)."""
    if not user.is_authenticated:
        return _("You cannot paste images directly. Upload or insert images from URL.")
    if not viewer(user).forum_perm(forum.pk, "can_upload"):
        return _("Your member group may not attach files in this forum.")
    return _posting_refusal(user)


def can_upload(user, forum):
    return upload_refusal(user, forum) is None


def may_download(user, forum_id):
    """The "download" column of the forum's permission grid (the caller has checked the post is visible)."""
    return viewer(user).forum_perm(forum_id, "can_download")


def guest_posting_refusal(user, topic):
    """May this visitor write a reply now and register later? Only guests, only where the forum allows it."""
    if user.is_authenticated:
        return _("You are signed in: reply with your account.")
    if not (topic.forum.allow_guest_posts and viewer(user).forum_perm(topic.forum_id, "can_reply")):
        return _("Sign in or register to post.")
    if topic.is_locked or topic.is_hidden:
        return _("This topic is locked. It no longer accepts replies.")
    return None


def adopted_post_approval_reason(user, forum):
    """Why a reply written before registering waits for a moderator once adopted, or None to publish it.
    One place for the lead to join with the approval rules of the moderation work (issue 6)."""
    if forum.guest_posts_need_approval and not is_moderator(user):
        return _("This forum asks a moderator to approve replies written before registering.")
    return None


def rate_refusal(user, topic):
    """Why `user` may not rate `topic`, or None: the forum's switch, then the group's "rate" column of the forum's
    permission grid."""
    if not topic.forum.allow_rating:
        return _("Rating is turned off in this forum.")
    if not user.is_authenticated:
        return _("Sign in to rate this topic.")
    if not user.is_active:
        return _("Your account is not active.")
    if topic.is_hidden:
        return _("This topic is hidden, so it cannot be rated.")
    if topic.is_locked:
        return _("This topic is locked, so it can no longer be rated.")
    if not viewer(user).forum_perm(topic.forum_id, "can_rate"):
        return _("Your member group may not rate topics in this forum.")
    return None


def can_rate(user, topic):
    return rate_refusal(user, topic) is None


def can_recommend(user, topic):
    """Recommending a post of `topic` (and taking the recommendation back) is for moderators of its forum."""
    return is_moderator(user, topic.forum)


def edit_refusal(user, post, topic):
    """Authors edit their own posts (not in a locked topic); moderators with the edit tool edit any post."""
    if not user.is_authenticated:
        return _("Sign in to edit posts.")
    if viewer(user).may(topic.forum_id, "edit"):
        return None
    if post.author_id != user.pk:
        return _("You can only edit your own posts.")
    if post.state in (post.State.HIDDEN, post.State.DELETED):
        return _("This post was hidden or deleted by a moderator.")
    if topic.is_locked:
        return _("This topic is locked. Its posts can no longer be edited.")
    group = user.primary_group
    if group is not None and _past(post, group.edit_minutes):
        return ngettext(
            "Members of %(group)s may edit their posts for %(count)s minute after posting: this one can no longer "
            "be edited. A moderator can still change it.",
            "Members of %(group)s may edit their posts for %(count)s minutes after posting: this one can no longer "
            "be edited. A moderator can still change it.", group.edit_minutes) % {
            "group": group.display_name, "count": group.edit_minutes}
    return _posting_refusal(user)


def _past(post, minutes):
    """Is `post` older than a group's time limit (None: no limit)?"""
    return minutes is not None and timezone.now() > post.created_at + timedelta(minutes=minutes)


def can_edit(user, post, topic):
    return edit_refusal(user, post, topic) is None


def delete_own_refusal(user, post, topic):
    """Why `user` may not delete `post` as its author (into the recycle bin), or None. Where the forum's "delete own
    posts" column allows their group, within their group's time limit; a topic's first post deletes the topic,
    which its author may do only while no one has replied."""
    if not user.is_authenticated:
        return _("Sign in to delete your posts.")
    if post.author_id != user.pk:
        return _("You can only delete your own posts.")
    if post.state not in (post.State.VISIBLE, post.State.PENDING) or topic.deleted_at or topic.is_hidden:
        return _("This post was hidden or deleted by a moderator.")
    if topic.is_locked:
        return _("This topic is locked. Its posts can no longer be deleted.")
    if not viewer(user).forum_perm(topic.forum_id, "can_delete_own"):
        return _("Your member group may not delete its posts in this forum.")
    if post.position == 1 and topic.last_position > 1:
        return _("Others have replied to this topic, so it can no longer be deleted. You can still edit your post.")
    group = user.primary_group
    if group is not None and _past(post, group.delete_own_minutes):
        return ngettext(
            "Members of %(group)s may delete their posts for %(count)s minute after posting: this one can no longer "
            "be deleted.",
            "Members of %(group)s may delete their posts for %(count)s minutes after posting: this one can no longer "
            "be deleted.", group.delete_own_minutes) % {
            "group": group.display_name, "count": group.delete_own_minutes}
    if not user.is_active or viewer(user).ban():
        return _("Your account is not active.")
    return None


def can_delete_own(user, post, topic):
    return delete_own_refusal(user, post, topic) is None


def can_report(user):
    return user.is_authenticated and user.is_active and not viewer(user).ban()


def hold_reason(user, forum, content_html):
    """Why a new post must wait for approval, or None to publish it at once."""
    perms = viewer(user)
    if perms.moderates(forum.pk):
        return None
    if not user.is_authenticated:
        return gettext_noop("Posts by guests are approved by a moderator.")
    if not perms.forum_perm(forum.pk, "can_post_without_approval"):
        return gettext_noop("Posts in this forum by your group are approved by a moderator.")
    rules = board_settings()
    if rules.approve_first_posts and user.post_count < rules.approve_first_posts:
        return gettext_noop("A new member's first posts are approved by a moderator.")
    lowered = content_html.lower()
    for word in rules.held_word_list:
        if word.lower() in lowered:
            return gettext_noop("The post contains a word on the watch list.")
    if (rules.hold_links_under_posts and user.post_count < rules.hold_links_under_posts
            and "<a " in lowered):
        return gettext_noop("The post contains a link from a new member.")
    return None
