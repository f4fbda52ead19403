from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = _("Calendar feeds")

    def ready(self):
        # Takes part in every purge: a purged student mentor's calendar link goes (feeds/purge.py).
        from . import purge

        purge.register()
