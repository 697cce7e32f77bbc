"""Reactions to posts and the reputation they give authors.

A member gives a post at most one reaction (changing it replaces it; a database constraint says so). Each post keeps
how many of each reaction it has (PostReactionCount), and each author keeps their reputation (User.reputation: the
sum of the reactions their posts received, each worth its type's value). Both move with database-side arithmetic in
the reaction's own transaction (reactions.services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, gettext_noop

# The default set, made by the migration; renamed types show their new name as is.
SEED_NAMES = [gettext_noop("Like"), gettext_noop("Thanks"), gettext_noop("Haha"), gettext_noop("Confused"),
              gettext_noop("Sad")]


class ReactionType(models.Model):
    """One reaction members can give, managed by administrators (add, order, rename, switch off)."""

    class Value(models.IntegerChoices):
        POSITIVE = 1, _("Positive (+1)")
        NEUTRAL = 0, _("Neutral (0)")
        NEGATIVE = -1, _("Negative (-1)")

    name = models.CharField(_("name"), max_length=40, unique=True)
    icon = models.CharField(_("icon"), max_length=16, help_text=_("An emoji, such as 👍 or 😂."))
    value = models.SmallIntegerField(_("reputation value"), choices=Value.choices, default=Value.POSITIVE,
                                     help_text=_("What each reaction of this kind adds to its author's reputation."))
    order = models.PositiveIntegerField(_("order"), default=100)
    is_enabled = models.BooleanField(_("enabled"), default=True,
                                     help_text=_("Switched off, it can no longer be given; the ones given stay."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("reaction type")
        verbose_name_plural = _("reaction types")
        constraints = [models.CheckConstraint(condition=Q(value__gte=-1, value__lte=1), name="reaction_value_range")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return gettext(self.name)


class Reaction(models.Model):
    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="reactions")
    # A member who deletes their account leaves their reaction counted (as ratings do).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.SET_NULL,
                             null=True, related_name="reactions_given")
    kind = models.ForeignKey(ReactionType, verbose_name=_("reaction"), on_delete=models.PROTECT,
                             related_name="reactions")
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="reaction_one_per_member")]
        indexes = [models.Index(fields=["post", "kind", "-created_at"], name="reaction_who_reacted")]

    def __str__(self):
        return f"{self.kind} → {self.post_id}"


class PostReactionCount(models.Model):
    """How many reactions of one kind a post has: what the topic page shows, read for a whole page in one query."""

    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE,
                             related_name="reaction_counts")
    kind = models.ForeignKey(ReactionType, verbose_name=_("reaction"), on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("reaction count")
        verbose_name_plural = _("reaction counts")
        constraints = [models.UniqueConstraint(fields=["post", "kind"], name="reaction_count_one_per_kind")]
