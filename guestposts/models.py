"""Post now, register later: the record that ties a guest's reply to the browser session and email it came from."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingGuestPost(models.Model):
    """A reply written by a guest (Post.State.AWAITING_REGISTRATION). The browser session that wrote it lists its
    id; registering or signing in from that session adopts it. Removed when published, cancelled or expired."""

    post = models.OneToOneField("forum.Post", verbose_name=_("post"), on_delete=models.CASCADE,
                                related_name="pending_guest")
    email = models.EmailField(_("email address"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Where the guest wrote from, so that the reminder email links back to the same site.
    site_url = models.URLField(_("site address"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Set once a member adopted it but may not post yet (their email address is not confirmed).
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adopted by"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("post awaiting registration")
        verbose_name_plural = _("posts awaiting registration")
        indexes = [models.Index(fields=["email", "created_at"], name="pending_guest_email")]

    def __str__(self):
        return f"{self.email}: {self.post.topic}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.AGORA_GUEST_POST_KEEP_DAYS)
