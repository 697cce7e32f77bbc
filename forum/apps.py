from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forums")

    def ready(self):
        from . import receivers  # noqa: F401  (access_changed for moderator, group-flag and two-factor changes)
