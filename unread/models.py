"""How far each member has read. One row per member and topic they opened ("read up to position N"), never one per
post; and cut-off times ("everything before this is read"), for the whole board and per forum, so "Mark all read" on a
board of 100,000 topics writes one row."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadMarker(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("read up to position"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        # Also the conflict target of the upsert in unread.services.record.
        constraints = [models.UniqueConstraint(fields=["member", "topic"], name="read_marker_once")]


class ReadCutoff(models.Model):
    """Everything posted before `cut_off` counts as read: in one forum, or (forum empty) on the whole board."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")
    forum = models.ForeignKey("forum.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="+")
    cut_off = models.DateTimeField(_("read up to"))

    class Meta:
        verbose_name = _("read cut-off")
        verbose_name_plural = _("read cut-offs")
        constraints = [
            models.UniqueConstraint(fields=["member", "forum"], name="read_cutoff_per_forum",
                                    condition=Q(forum__isnull=False)),
            models.UniqueConstraint(fields=["member"], name="read_cutoff_board", condition=Q(forum__isnull=True)),
        ]
