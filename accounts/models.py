from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy as _, gettext_noop

# The seed groups' names, marked so that their badges are translated; a renamed group shows its new name as is.
SEED_GROUP_NAMES = [gettext_noop("Administrators"), gettext_noop("Moderators"), gettext_noop("Members")]


class MemberGroup(models.Model):
    """A group of members, shown as a badge beside each post they write. Guests are not a row."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    badge_colour = models.CharField(
        _("badge colour"), max_length=7, default="#4b5563",
        help_text=_("A hex colour such as #b91c1c; the badge text is white, so choose a dark colour."),
    )
    order = models.PositiveIntegerField(_("order"), default=100)
    is_admin = models.BooleanField(_("administrators"), default=False,
                                   help_text=_("Members of this group can use the admin screens and every tool."))
    is_moderator = models.BooleanField(_("moderators"), default=False)
    # Invision's "edit cut-off": how long after posting members of the group may still edit (moderators with the
    # edit tool always may). Empty: no limit.
    edit_minutes = models.PositiveIntegerField(
        _("edit time limit (minutes)"), null=True, blank=True,
        help_text=_("How long after posting members may edit their posts. Empty for no limit."))
    # Where the forum's "delete own posts" permission allows it, for how long after posting. Empty: no limit.
    delete_own_minutes = models.PositiveIntegerField(
        _("delete time limit (minutes)"), null=True, blank=True,
        help_text=_("How long after posting members may delete their own posts, where the forum allows it. "
                    "Empty for no limit."))
    # Attachment quotas (attachments app); empty means no limit.
    attachment_quota_bytes = models.PositiveBigIntegerField(
        _("attachment quota (bytes)"), null=True, blank=True, default=50 * 1024 * 1024,
        help_text=_("Total size of the files each member may keep attached. Empty: no limit."))
    attachment_max_file_bytes = models.PositiveBigIntegerField(
        _("largest attachment (bytes)"), null=True, blank=True, default=5 * 1024 * 1024,
        help_text=_("Largest file a member may attach (the board's upload limit applies too). Empty: no limit."))
    attachment_max_files_per_post = models.PositiveIntegerField(
        _("attachments per post"), null=True, blank=True, default=10,
        help_text=_("Most files one post may carry. Empty: no limit."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("member group")
        verbose_name_plural = _("member groups")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return gettext(self.name)


def default_group():
    return MemberGroup.objects.filter(name="Members").values_list("pk", flat=True).first()


class User(AbstractUser):
    """A member. The username is what others see; Unicode names (Chinese included) are allowed."""

    primary_group = models.ForeignKey(
        MemberGroup, verbose_name=_("primary group"), on_delete=models.PROTECT, related_name="members",
        null=True, blank=True,
    )
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    # The sum of the reactions their posts received, each worth its type's value (+1, 0 or -1): kept by reactions.
    reputation = models.IntegerField(_("reputation"), default=0)
    terms_version = models.CharField(_("terms version accepted"), max_length=40, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True,
                                    help_text=_("Shown instead of your username when set."))
    signature = models.TextField(_("signature (sanitized HTML)"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    # The header bell's number: unread notifications about what the member may see. Kept by the database (a trigger
    # that the notifications app installs on its table), so every page shows it with no query of its own.
    unread_notifications = models.PositiveIntegerField(_("unread notifications"), default=0, editable=False)
    # What the username and the display name look like (accounts.names.skeleton), to refuse look-alikes.
    name_key = models.CharField(max_length=150, blank=True, db_index=True, editable=False)
    display_key = models.CharField(max_length=150, blank=True, db_index=True, editable=False)
    # A suspended member can read but not post until then.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=255, blank=True)
    # A moderator's warning waits for the member to read it (moderation.conduct): read from the row every request
    # loads anyway, so members without one pay nothing for the notice.
    warning_notice_pending = models.BooleanField(_("warning to acknowledge"), default=False, editable=False)

    # Fields only the database writes (see save).
    DATABASE_KEPT = {"unread_notifications"}

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def save(self, *args, **kwargs):
        from .names import skeleton

        if self.primary_group_id is None:
            self.primary_group_id = default_group()
        self.name_key = skeleton(self.username)
        self.display_key = skeleton(self.display_name) if self.display_name else ""
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"name_key", "display_key"}
        elif self.pk is not None and not self._state.adding and not kwargs.get("force_insert"):
            # A full save writes every field but the ones the database keeps: a member loaded before a notification
            # arrived must not write their old count back.
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in self.DATABASE_KEPT]
        super().save(*args, **kwargs)

    @property
    def public_name(self):
        return self.display_name or self.username

    @property
    def is_board_admin(self):
        return self.is_superuser or bool(self.primary_group_id and self.primary_group.is_admin)

    @property
    def is_suspended(self):
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @property
    def slug(self):
        return slugify(self.username, allow_unicode=True) or "member"

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"pk": self.pk, "slug": self.slug})


class TermsDocument(models.Model):
    """A published version of the Registration Terms & Conditions. The newest one is in force."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200, default=gettext_noop("Registration Terms & Conditions"))
    body = models.TextField(_("text (HTML)"), help_text=_("Sanitized like a post when saved."))
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("terms document")
        verbose_name_plural = _("terms documents")

    def __str__(self):
        return f"{self.title} ({self.version})"

    def save(self, *args, **kwargs):
        from forum.content import sanitize_html

        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.order_by("-published_at").first()


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
        db_table = "moderation_ban"  # made by the moderation app, which first held it
        ordering = ["-created_at"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.member or self.value}"
