"""The record of what moderators did (log, revisions), reports and warnings.

The permission grid and moderator assignments live in forum.models (forum's permission rules read them, and forum
imports no app built on it); bans live in accounts.models. They are re-exported here for the moderation pages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Ban  # noqa: F401
from forum.models import FORUM_PERMISSIONS, TOOL_NAMES, TOOLS, ForumPermission, Moderator  # noqa: F401

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
    """A warning as on Invision: points that count towards an automatic suspension until they expire, and a reason
    the member reads on the site (a notice they acknowledge at their next visit; moderation.conduct)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="warnings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                           related_name="+")
    reason = models.TextField(_("reason"))
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    # Empty: the points never expire.
    expires_at = models.DateTimeField(_("points expire"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # Set when a moderator withdraws the warning (moderation.conduct.withdraw_warning): it is kept, its points stop
    # counting and its notice no longer shows.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        indexes = [models.Index(fields=["member"], name="warning_unacknowledged",
                                condition=Q(acknowledged_at__isnull=True))]

    @property
    def is_active(self):
        """Its points still count."""
        return self.withdrawn_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class SignIn(models.Model):
    """Where a member signed in from: one row per member and address (the newest time), at most
    moderation.signins.KEEP_PER_MEMBER addresses per member. Read by the member search ("who used this IP")."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"))
    first_at = models.DateTimeField(_("first sign-in"), default=timezone.now)
    last_at = models.DateTimeField(_("last sign-in"), default=timezone.now)
    count = models.PositiveIntegerField(_("sign-ins"), default=1)

    class Meta:
        ordering = ["-last_at"]
        verbose_name = _("sign-in address")
        verbose_name_plural = _("sign-in addresses")
        constraints = [models.UniqueConstraint(fields=["member", "ip_address"], name="sign_in_once_per_address")]
        indexes = [models.Index(fields=["ip_address"], name="sign_in_by_address")]
