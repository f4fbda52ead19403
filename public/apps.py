from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public page")

    def ready(self):
        # Takes part in every purge of a child's personal data (mentorship/purge.py).
        from . import purge

        purge.register()
