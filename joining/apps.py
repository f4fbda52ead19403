from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JoiningConfig(AppConfig):
    name = "joining"
    verbose_name = _("Applications to join")

    def ready(self):
        # Takes part in every purge of a person's data: her applications go with her (joining/purge.py).
        from . import purge

        purge.register()
