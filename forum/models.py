"""What the board holds. Counters and "last post" fields are denormalised; forum.services keeps them right."""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy as _

# Read at call time only (permissions reads this module's permission grid at call time too).
from . import permissions


_WORD_BREAKS = re.compile(r"[\u2010-\u2015|/\\·・,、。:;!?()()【】\[\]]+")


def unicode_slug(text, fallback):
    """Slugs keep Chinese and other scripts: "中文标题 | US–China" -> "中文标题-us-china"."""
    return slugify(_WORD_BREAKS.sub(" ", text), allow_unicode=True)[:200].strip("-") or fallback


class TranslatedTitles(models.Model):
    """A name (and description) in other languages than the board's default, for boards brought from software that
    kept one per language: {"zh-hans": {"name": ..., "description": ...}}. Pages show `display_name`."""

    translations = models.JSONField(_("translations"), default=dict, blank=True,
                                    help_text=_("Names and descriptions in other languages, by language code."))

    class Meta:
        abstract = True

    def _translated(self, field):
        return ((self.translations or {}).get(get_language() or "") or {}).get(field) or getattr(self, field)

    @property
    def display_name(self):
        return self._translated("name")

    @property
    def display_description(self):
        return self._translated("description")


class Category(TranslatedTitles):
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Forum(TranslatedTitles):
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="forums")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    topic_count = models.PositiveIntegerField(_("topics"), default=0)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_post = models.ForeignKey("Post", verbose_name=_("last post"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    allow_guest_posts = models.BooleanField(
        _("guests may post now and register later"), default=False,
        help_text=_("Guests can write a reply here; it appears once they register or sign in."))
    guest_posts_need_approval = models.BooleanField(
        _("hold posts written before registering for approval"), default=False,
        help_text=_("Replies written as a guest wait for a moderator after their author registers."))
    allow_rating = models.BooleanField(_("allow rating"), default=True,
                                       help_text=_("Members may give this forum's topics 1 to 5 stars."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = unicode_slug(self.slug or self.name, "forum")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:forum", kwargs={"pk": self.pk, "slug": self.slug})

    def get_page_url(self, page):
        if page <= 1:
            return self.get_absolute_url()
        return reverse("forum:forum_page", kwargs={"pk": self.pk, "slug": self.slug, "page": page})


class TopicQuerySet(models.QuerySet):
    """Every read of topics goes through here: the one visibility rule is forum.permissions.topic_visibility."""

    def visible_to(self, user, with_deleted=False, pointers=False):
        """Topics `user` may open (and find, and see counted). The recycle bin only `with_deleted`; "moved"
        pointers only with `pointers`."""
        return self.filter(permissions.topic_visibility(user, with_deleted=with_deleted, pointers=pointers))

    def listed(self, user):
        """What a forum's topic list shows `user`: the topics they may open, plus "moved" pointers."""
        return self.filter(permissions.topic_visibility(user, pointers=True), deleted_at__isnull=True)


class PostQuerySet(models.QuerySet):
    """Every read of posts goes through here: the one visibility rule is forum.permissions.post_visibility."""

    def visible_to(self, user, with_deleted=False):
        return self.filter(permissions.post_visibility(user, with_deleted=with_deleted))


class Topic(models.Model):
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, allow_unicode=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="topics")
    author_name = models.CharField(_("author name"), max_length=150, blank=True,
                                   help_text=_("Kept for guests and for members who deleted their account."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now)
    last_post = models.ForeignKey("Post", verbose_name=_("last post"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("why hidden"), max_length=255, blank=True)
    # Waiting in the approval queue: shown to moderators and the author only, not counted.
    is_pending = models.BooleanField(_("awaiting approval"), default=False)
    # Soft-deleted into the recycle bin; purged after 30 days (manage.py purge_recycle_bin).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # A "moved" pointer left in the old forum: it has no posts and leads to the topic.
    moved_to = models.ForeignKey("self", verbose_name=_("moved to"), on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    # Visible posts, the first included; replies shown in lists are post_count - 1.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    # Highest position handed out so far: page K of the topic is positions (K-1)*25+1 .. K*25.
    last_position = models.PositiveIntegerField(_("last position"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    # Sum and number of the members' star ratings (ratings.Rating), kept by ratings.services.
    rating_total = models.PositiveIntegerField(_("rating total"), default=0)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            # The forum page: pinned first, then by last activity.
            models.Index(fields=["forum", "-is_pinned", "-last_post_at"], name="topic_listing"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = unicode_slug(self.title, "topic")
        super().save(*args, **kwargs)

    @property
    def reply_count(self):
        return max(self.post_count - 1, 0)

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk, "slug": self.slug})

    def get_page_url(self, page):
        if page <= 1:
            return self.get_absolute_url()
        return reverse("forum:topic_page", kwargs={"pk": self.pk, "slug": self.slug, "page": page})

    def page_of(self, position):
        return (position - 1) // settings.AGORA_POSTS_PER_PAGE + 1

    def post_url(self, post):
        return f"{self.get_page_url(self.page_of(post.position))}#comment-{post.pk}"

    @property
    def rating_average(self):
        """The average star rating, or None before the first rating."""
        return self.rating_total / self.rating_count if self.rating_count else None

    @property
    def last_post_url(self):
        return self.post_url(self.last_post) if self.last_post_id else self.get_absolute_url()


class Post(models.Model):
    class State(models.IntegerChoices):
        VISIBLE = 0, _("visible")
        PENDING = 1, _("pending approval")
        HIDDEN = 2, _("hidden")
        # Written by a guest who has not registered or signed in yet: seen by no one but that guest's session,
        # counted nowhere, and given a position in the topic only when published (guestposts app).
        AWAITING_REGISTRATION = 3, _("awaiting registration")
        DELETED = 4, _("deleted")

    # No index of its own: the (topic, position) unique index below serves every look-up by topic, and with a
    # single-column topic index beside it PostgreSQL read all 5,000 posts of a long topic to keep page 1's 20.
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts",
                              db_index=False)
    position = models.PositiveIntegerField(_("position in topic"), null=True, blank=True,
                                           help_text=_("Empty while the post awaits its author's registration."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="posts")
    author_name = models.CharField(_("author name"), max_length=150, blank=True,
                                   help_text=_("The guest's name, or the name a deleted member posted under."))
    content = models.TextField(_("content (sanitized HTML)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    state = models.PositiveSmallIntegerField(_("state"), choices=State.choices, default=State.VISIBLE)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Why the post is held for approval, or why a moderator hid it (shown to moderators).
    state_reason = models.CharField(_("reason for the state"), max_length=255, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("edited by"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    edit_reason = models.CharField(_("edit reason"), max_length=255, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # How many reactions of each kind the post holds, {reaction type id: count}: kept by the reactions app under the
    # post's row lock, so the topic page shows them with the post itself (no query per post, none per page).
    reaction_summary = models.JSONField(_("reaction counts"), default=dict, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "position"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            # Also the index behind "page K of a topic" (a range scan, never an OFFSET).
            models.UniqueConstraint(fields=["topic", "position"], name="post_unique_position"),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_by_author",
                         condition=Q(author__isnull=False)),
            # The newest posts across the board (the activity stream, feeds): walked in order, never sorted.
            models.Index(fields=["-created_at", "-id"], name="post_newest"),
        ]

    def __str__(self):
        return f"{self.topic} #{self.position}"

    @property
    def display_author_name(self):
        return self.author.username if self.author_id else self.author_name

    def get_absolute_url(self):
        return self.topic.post_url(self)


class Submission(models.Model):
    """The idempotency key of one posting form: the second submit of the same form finds the first post."""

    key = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "editor_submission"  # made by the editor app, which first held it


# Who may do what in each forum, and who moderates where. Rows are optional: a forum without a row for a group uses
# forum.permissions.DEFAULT_PERMISSIONS.
# The per-forum permissions, in the order of the admin grid's columns.
FORUM_PERMISSIONS = [
    ("can_see", _("See the forum")),
    ("can_read", _("Read topics")),
    ("can_start", _("Start topics")),
    ("can_reply", _("Reply")),
    ("can_rate", _("Rate")),
    ("can_upload", _("Upload")),
    ("can_download", _("Download")),
    ("can_post_without_approval", _("Post without approval")),
    ("can_react", _("React to posts")),
    ("can_delete_own", _("Delete own posts")),
]

# What a moderator may do; an assignment holds a subset. Administrators hold them all, everywhere.
TOOLS = [
    ("pin", _("Pin and unpin topics")),
    ("lock", _("Lock and unlock topics")),
    ("hide", _("Hide and unhide topics and posts")),
    ("move", _("Move topics")),
    ("delete", _("Delete and restore topics and posts")),
    ("split_merge", _("Split and merge topics")),
    ("edit", _("Edit any post and see its history")),
    ("approve", _("Approve or reject queued content")),
    ("reports", _("Handle reports")),
    ("warn", _("Warn members")),
    ("suspend", _("Suspend members")),
    ("ban", _("Ban members")),
]
TOOL_NAMES = [name for name, _label in TOOLS]


class ForumPermission(models.Model):
    """What one member group (or guests, when `group` is empty) may do in one forum."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE,
                              related_name="permissions")
    group = models.ForeignKey("accounts.MemberGroup", verbose_name=_("member group"), on_delete=models.CASCADE,
                              null=True, blank=True, help_text=_("Empty for guests."))
    can_see = models.BooleanField(_("see the forum"), default=True)
    can_read = models.BooleanField(_("read topics"), default=True)
    can_start = models.BooleanField(_("start topics"), default=True)
    can_reply = models.BooleanField(_("reply"), default=True)
    can_rate = models.BooleanField(_("rate"), default=True)
    can_upload = models.BooleanField(_("upload"), default=True)
    can_download = models.BooleanField(_("download"), default=True)
    can_post_without_approval = models.BooleanField(_("post without approval"), default=True)
    can_react = models.BooleanField(_("react to posts"), default=True)
    # Within the time limit of the member's group (accounts.MemberGroup.delete_own_minutes).
    can_delete_own = models.BooleanField(_("delete own posts"), default=True)

    class Meta:
        db_table = "moderation_forumpermission"  # made by the moderation app, which first held it
        verbose_name = _("forum permission")
        verbose_name_plural = _("forum permissions")
        constraints = [
            models.UniqueConstraint(fields=["forum", "group"], name="forumperm_one_per_group",
                                    condition=Q(group__isnull=False)),
            models.UniqueConstraint(fields=["forum"], name="forumperm_one_for_guests", condition=Q(group__isnull=True)),
        ]

    def __str__(self):
        return f"{self.forum} / {self.group or _('Guests')}"


class Moderator(models.Model):
    """A moderator assignment: a member group or one member, for every forum or chosen ones, with a set of tools."""

    group = models.ForeignKey("accounts.MemberGroup", verbose_name=_("member group"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="moderator_assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                             null=True, blank=True, related_name="moderator_assignments")
    all_forums = models.BooleanField(_("all forums"), default=False)
    forums = models.ManyToManyField(Forum, verbose_name=_("forums"), blank=True, related_name="+")
    tools = models.JSONField(_("tools"), default=list, blank=True)

    class Meta:
        db_table = "moderation_moderator"
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        constraints = [
            models.CheckConstraint(condition=Q(group__isnull=True) ^ Q(user__isnull=True),
                                   name="moderator_group_xor_user"),
        ]

    def __str__(self):
        return str(self.group or self.user)
