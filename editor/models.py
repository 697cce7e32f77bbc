"""What the post editor keeps besides posts: drafts and the keys that make a double submit
create one post."""

import uuid

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


class Submission(models.Model):
    """The idempotency key of one posting form: the second submit of the same form finds the first post."""

    key = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
