"""Following a topic or a forum: one row per member and followed thing, so the follower count is a count of rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="follows")
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="follows")
    forum = models.ForeignKey("forum.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="follows")
    created_at = models.DateTimeField(_("followed"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            # Exactly one of topic and forum; at most one row per member and topic, per member and forum.
            models.CheckConstraint(
                condition=Q(topic__isnull=True, forum__isnull=False) | Q(topic__isnull=False, forum__isnull=True),
                name="follow_one_target"),
            models.UniqueConstraint(fields=["member", "topic"], name="follow_topic_once",
                                    condition=Q(topic__isnull=False)),
            models.UniqueConstraint(fields=["member", "forum"], name="follow_forum_once",
                                    condition=Q(forum__isnull=False)),
        ]
        indexes = [
            # Who follows this topic / forum: the fan-out and the follower count.
            models.Index(fields=["topic"], name="follow_by_topic", condition=Q(topic__isnull=False)),
            models.Index(fields=["forum"], name="follow_by_forum", condition=Q(forum__isnull=False)),
        ]

    def __str__(self):
        return f"{self.member} → {self.topic or self.forum}"

    @property
    def target(self):
        return self.topic or self.forum
