"""One row of board settings. Environment variables (config/settings.py, AGORA_*) give only the first values: the
row does not exist until an administrator first saves the settings page, and until then the environment's values
apply (reading never writes)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The fields an administrator edits, in the order the page shows them.
FIELDS = ["approve_first_posts", "held_words", "hold_links_under_posts", "require_verified_email_to_post",
          "flood_seconds", "flood_seconds_by_group", "guest_posts_per_hour", "guest_posts_per_email",
          "recycle_bin_days"]


class BoardSettings(models.Model):
    approve_first_posts = models.PositiveIntegerField(
        _("approve a new member's first posts"), default=0,
        help_text=_("A member's first this many posts wait for a moderator. 0: off."))
    held_words = models.TextField(
        _("held words"), blank=True,
        help_text=_("Posts containing one of these words or phrases (one a line, or separated by commas; "
                    "case-insensitive) wait for a moderator."))
    hold_links_under_posts = models.PositiveIntegerField(
        _("hold links from members with fewer posts than"), default=0,
        help_text=_("A post with a link waits for a moderator while its author has fewer posts than this. 0: off."))
    require_verified_email_to_post = models.BooleanField(
        _("posting needs a confirmed email address"), default=True)
    flood_seconds = models.PositiveIntegerField(
        _("flood control (seconds)"), default=15,
        help_text=_("How long a member waits between two posts. 0: no wait."))
    flood_seconds_by_group = models.JSONField(
        _("flood control by member group"), default=dict, blank=True,
        help_text=_("Seconds for some member groups instead of the board's default."))
    guest_posts_per_hour = models.PositiveIntegerField(
        _("guest replies per hour and address"), default=3, validators=[MinValueValidator(1)])
    guest_posts_per_email = models.PositiveIntegerField(
        _("guest replies waiting per email address"), default=3, validators=[MinValueValidator(1)])
    recycle_bin_days = models.PositiveIntegerField(
        _("days in the recycle bin"), default=30, validators=[MinValueValidator(1)],
        help_text=_("Deleted topics and posts are purged for good after this many days."))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("board settings")
        verbose_name_plural = _("board settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="boardsettings_single_row")]

    def __str__(self):
        return str(_("Board settings"))

    @classmethod
    def from_environment(cls):
        """The first values, from config/settings.py (the environment); not saved."""
        return cls(
            pk=1,
            approve_first_posts=settings.AGORA_APPROVE_FIRST_POSTS,
            held_words="\n".join(settings.AGORA_HELD_WORDS),
            hold_links_under_posts=settings.AGORA_HOLD_LINKS_UNDER_POSTS,
            require_verified_email_to_post=settings.AGORA_REQUIRE_VERIFIED_EMAIL_TO_POST,
            flood_seconds=settings.AGORA_FLOOD_SECONDS,
            flood_seconds_by_group=dict(settings.AGORA_FLOOD_SECONDS_BY_GROUP),
            guest_posts_per_hour=settings.AGORA_GUEST_POSTS_PER_HOUR,
            guest_posts_per_email=settings.AGORA_GUEST_POSTS_PER_EMAIL,
            recycle_bin_days=settings.AGORA_RECYCLE_BIN_DAYS,
        )

    def values(self):
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def held_word_list(self):
        return split_words(self.held_words)

    def flood_seconds_for(self, group_name):
        return self.flood_seconds_by_group.get(group_name, self.flood_seconds)


def split_words(text):
    return [word.strip() for line in text.splitlines() for word in line.split(",") if word.strip()]
