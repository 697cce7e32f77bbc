from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServingConfig(AppConfig):
    """What running the board for many visitors needs: the guest page cache and its versioned keys, request ids in
    the logs, the health check, uploads served in production, counters buffered in the cache."""

    name = "serving"
    verbose_name = _("Serving")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (the deploy check; the page cache follows the board's writes)
