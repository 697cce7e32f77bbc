from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuestPostsConfig(AppConfig):
    name = "guestposts"
    verbose_name = _("Posts before registering")

    def ready(self):
        from . import signals  # noqa: F401  (connects allauth's signals)
