from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "attachments"
    verbose_name = _("Attachments")

    def ready(self):
        from . import receivers  # noqa: F401  (links files to posts and removes them with their posts)
