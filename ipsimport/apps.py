from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpsImportConfig(AppConfig):
    name = "ipsimport"
    verbose_name = _("Import from Invision Community")
