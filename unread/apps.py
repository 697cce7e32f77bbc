from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnreadConfig(AppConfig):
    name = "unread"
    verbose_name = _("Unread markers")

    def ready(self):
        from . import receivers  # noqa: F401  (forum.signals.topic_viewed)
