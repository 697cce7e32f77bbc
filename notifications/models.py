"""What a member is told about, and how they want to be told. Notifications store no content: what they point at is
shown, at display time, only if the member may still see it (Post/Topic.objects.visible_to)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class Kind(models.TextChoices):
    REPLY = "reply", _("A reply in a topic I follow")
    NEW_TOPIC = "new_topic", _("A new topic in a forum I follow")
    QUOTE = "quote", _("Someone quotes my post")
    MENTION = "mention", _("Someone mentions me")
    RECOMMENDED = "recommended", _("My post is recommended")
    APPROVED = "approved", _("My post is approved")
    REJECTED = "rejected", _("My post is not approved")
    HIDDEN = "hidden", _("A moderator hides my post")
    REPORT_HANDLED = "report_handled", _("A report I made is handled")
    WARNING = "warning", _("A moderator warns me")


# Kinds that show someone's content: never listed, counted or emailed unless the post is visible to the member.
CONTENT_KINDS = {Kind.REPLY, Kind.NEW_TOPIC, Kind.QUOTE, Kind.MENTION, Kind.RECOMMENDED, Kind.APPROVED}
# One post can concern a member in several ways; they get one notification, of the most specific kind.
SPECIFICITY = [Kind.QUOTE, Kind.MENTION, Kind.REPLY, Kind.NEW_TOPIC]


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    NEVER = "never", pgettext_lazy("email", "Never")


DEFAULT_DELIVERY = {
    Kind.REPLY: Delivery.DIGEST,
    Kind.NEW_TOPIC: Delivery.DIGEST,
    Kind.QUOTE: Delivery.IMMEDIATE,
    Kind.MENTION: Delivery.IMMEDIATE,
    Kind.RECOMMENDED: Delivery.IMMEDIATE,
    Kind.APPROVED: Delivery.IMMEDIATE,
    Kind.REJECTED: Delivery.IMMEDIATE,
    Kind.HIDDEN: Delivery.IMMEDIATE,
    Kind.REPORT_HANDLED: Delivery.DIGEST,
    Kind.WARNING: Delivery.IMMEDIATE,
}


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What happened, e.g. "post:42" or "warning:7": one event makes at most one notification per member.
    event = models.CharField(_("event"), max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="+")
    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    # A moderator's reason (rejected, hidden, warning) or a report's resolution.
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # How it is emailed, decided by the member's settings when it was made; emailed_at once sent (or skipped).
    delivery = models.CharField(_("email"), max_length=10, choices=Delivery.choices, default=Delivery.NEVER)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # Its post is no longer visible to the recipient (services.recheck, after the content changed state or place):
    # not counted in the bell (User.unread_notifications) until it is visible again.
    out_of_sight = models.BooleanField(_("out of sight"), default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)),
            models.Index(fields=["recipient"], name="notification_digest_due",
                         condition=Q(delivery="digest", emailed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.kind} · {self.event}"


class Preferences(models.Model):
    """A member's settings; members without a row have the defaults."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                                  related_name="notification_preferences", primary_key=True)
    auto_follow = models.BooleanField(_("follow the topics I start or reply to"), default=True)
    # Emails are written in this language; empty: the language the member last signed in with.
    language = models.CharField(_("language of emails"), max_length=10, blank=True,
                                choices=[("", _("The language I sign in with"))] + list(settings.LANGUAGES))
    seen_language = models.CharField(max_length=10, blank=True, editable=False)
    email = models.JSONField(_("email per kind"), default=dict, blank=True)
    # One switch over all of them: no notification email of any kind, at once or in the digest, while it is on (the
    # notifications still show on the site). Account emails (confirming an address, a new password) still go.
    no_email = models.BooleanField(_("stop all notification emails"), default=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.member)

    def delivery(self, kind):
        """How the member chose to be emailed about `kind`."""
        return self.email.get(kind) or DEFAULT_DELIVERY[kind]

    def emailed(self, kind):
        """How a notification of `kind` made now is emailed: never while every email is stopped."""
        return Delivery.NEVER if self.no_email else self.delivery(kind)

    @property
    def email_language(self):
        return self.language or self.seen_language or settings.LANGUAGE_CODE

    @classmethod
    def for_member(cls, member):
        """The member's settings (unsaved defaults when they have none)."""
        return cls.objects.filter(member=member).first() or cls(member=member)


class IgnoredMember(models.Model):
    """`member` hears nothing from `ignored`: no notification for their posts, quotes or mentions."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="ignoring")
    ignored = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ignored member"),
                                on_delete=models.CASCADE, related_name="ignored_by")
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("ignored member")
        verbose_name_plural = _("ignored members")
        constraints = [models.UniqueConstraint(fields=["member", "ignored"], name="ignore_once")]
