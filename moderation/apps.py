from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .ip_bans import bump
        from .signins import record_sign_in
        from accounts.models import Ban

        post_save.connect(bump, sender=Ban, dispatch_uid="moderation.ip_bans.saved")
        post_delete.connect(bump, sender=Ban, dispatch_uid="moderation.ip_bans.deleted")
        user_logged_in.connect(record_sign_in, dispatch_uid="moderation.signins.record")
