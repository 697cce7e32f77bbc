from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommended posts")

    def ready(self):
        from . import receivers  # noqa: F401  (its part of a post's cache key on the topic page)
        from . import services  # noqa: F401  (connects the receiver that follows moved posts)
