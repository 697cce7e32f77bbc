from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 500


class Recommendation(models.Model):
    """A moderator's recommendation of a post, shown in the "Recommended Posts" block at the top of its topic."""

    post = models.OneToOneField("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE,
                                related_name="recommendation")
    # The post's topic, kept here so that a topic's block is one indexed look-up (set by recommendations.services).
    topic = models.ForeignKey("forum.Topic", verbose_name=_("topic"), on_delete=models.CASCADE,
                              related_name="recommendations")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recommended by"),
                                       on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("recommended"), default=timezone.now)

    class Meta:
        verbose_name = _("recommended post")
        verbose_name_plural = _("recommended posts")
        indexes = [models.Index(fields=["topic", "created_at"], name="recommendation_by_topic")]

    def __str__(self):
        return str(self.post)
