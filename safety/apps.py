from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Hostile input costs little and breaks nothing (issue 10): the request checks every page shares, the one id
    parser, image budgets, rate limits and flood control. It imports no other app of the project but boardsettings
    (flood control's seconds), which imports none, so every app (forum included) may use it."""

    name = "safety"
    verbose_name = _("Safety")
