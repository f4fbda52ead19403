from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching assistant")

    def ready(self):
        # Takes part in every purge of a person's data: the rows naming her go with her (matching/purge.py).
        from . import purge

        purge.register()
