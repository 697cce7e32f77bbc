from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardSettingsConfig(AppConfig):
    """The board's run-time settings (approval rules, flood control, guest limits, recycle bin), one row in the
    database that administrators edit from /mod/settings/. The ground floor: it imports no other app of the project,
    so forum, safety and every app above them read it (boardsettings.store.current)."""

    name = "boardsettings"
    verbose_name = _("Board settings")
