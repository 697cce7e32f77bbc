"""Short links: /s/<code> for a topic or a post. The code stands for the target, never for a stored URL, so a
renamed topic or a post that moved to another page is still found."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShortLink(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    # Exactly one target: a topic, or a post (whose topic is looked up when the link is followed).
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="+")
    post = models.ForeignKey("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE,
                             null=True, blank=True, related_name="+")
    visits = models.PositiveIntegerField(_("visits"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")
        constraints = [
            # One code per target (NULLs are distinct in PostgreSQL, so each constraint covers its own kind).
            models.UniqueConstraint(fields=["topic"], name="shortlink_one_per_topic"),
            models.UniqueConstraint(fields=["post"], name="shortlink_one_per_post"),
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(post__isnull=True)) | (Q(topic__isnull=True) & Q(post__isnull=False)),
                name="shortlink_one_target",
            ),
        ]

    def __str__(self):
        return self.code
