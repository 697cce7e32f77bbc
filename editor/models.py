"""What the post editor keeps besides posts: drafts. (Uploaded files are the attachments app's; the keys that make a
double submit create one post are forum's: forum.models.Submission.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """A member's unsent reply to a topic, or unsent new topic in a forum: one per member and place."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    topic = models.ForeignKey("forum.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    forum = models.ForeignKey("forum.Forum", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    content = models.TextField(_("content (editor HTML, not yet sanitized)"))
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], condition=Q(topic__isnull=False),
                                    name="draft_one_per_member_topic"),
            models.UniqueConstraint(fields=["user", "forum"], condition=Q(topic__isnull=True),
                                    name="draft_one_per_member_forum"),
            models.CheckConstraint(condition=Q(topic__isnull=False) | Q(forum__isnull=False),
                                   name="draft_has_a_place"),
        ]
