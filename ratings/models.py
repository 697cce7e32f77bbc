"""A member's star rating of a topic. The topic keeps the sum and the count (Topic.rating_total, rating_count)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STARS = range(1, 6)


class Rating(models.Model):
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE,
                              related_name="ratings")
    # A member who deletes their account leaves their rating in the topic's average (and in its counters).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.SET_NULL,
                             null=True, related_name="ratings")
    value = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    created_at = models.DateTimeField(_("rated"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="rating_one_per_member"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="rating_one_to_five"),
        ]

    def __str__(self):
        return f"{self.topic_id}: {self.value}"
