from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Activity, feeds and sitemap")

    def ready(self):
        from . import receivers  # noqa: F401  (forum.signals.topic_page_columns)
