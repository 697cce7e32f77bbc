from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services import touch_last_seen

        user_logged_in.connect(lambda sender, request, user, **kwargs: touch_last_seen(user),
                               dispatch_uid="accounts.last_seen", weak=False)
