"""Who may do what in each forum, who moderates where, and the record of what moderators did.

Permission rows are optional: a forum without a row for a group uses DEFAULT_PERMISSIONS (see forum.permissions).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    forum = models.ForeignKey("forum.Forum", verbose_name=_("forum"), on_delete=models.CASCADE,
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

    class Meta:
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
    forums = models.ManyToManyField("forum.Forum", verbose_name=_("forums"), blank=True, related_name="+")
    tools = models.JSONField(_("tools"), default=list, blank=True)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        constraints = [
            models.CheckConstraint(condition=Q(group__isnull=True) ^ Q(user__isnull=True),
                                   name="moderator_group_xor_user"),
        ]

    def __str__(self):
        return str(self.group or self.user)


class ModerationLog(models.Model):
    """One row per moderator or administrator action, written in the action's own transaction. Never edited."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
                              null=True, related_name="+")
    actor_name = models.CharField(_("by (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.CharField(_("target type"), max_length=20)
    target_id = models.BigIntegerField(_("target id"), null=True)
    target_label = models.CharField(_("target"), max_length=255)
    forum = models.ForeignKey("forum.Forum", verbose_name=_("forum"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_label}"


class PostRevision(models.Model):
    """The content a post had before one edit. The post's current content is the newest version."""

    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions")
    content = models.TextField(_("content before the edit"))
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("edited by"), on_delete=models.SET_NULL,
                               null=True, related_name="+")
    editor_name = models.CharField(_("edited by (name)"), max_length=150)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensive", _("Offensive or abusive")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE,
                                 related_name="reports_made")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.SPAM)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    resolution = models.CharField(_("resolution"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["post"], name="report_open", condition=Q(handled_at__isnull=True))]


class Warning(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="warnings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                           related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")


class Ban(models.Model):
    """A member who may not sign in, or an email address / domain, or an IP address / range kept out."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        EMAIL = "email", _("Email address or *@domain")
        IP = "ip", _("IP address or range (CIDR)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="bans")
    value = models.CharField(_("email or IP range"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty for a permanent ban."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.member or self.value}"
