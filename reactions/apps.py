from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "reactions"
    verbose_name = _("Reactions")

    def ready(self):
        from . import queries  # noqa: F401  (forgets the cached reaction types when one changes)
        from . import receivers  # noqa: F401  (its part of a post's cache key on the topic page)
