from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        # Takes part in every purge of a child's personal data (mentorship/purge.py).
        from . import purge

        purge.register()
