from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    """Roster import and export: the school's Excel lists into the registry (through mentorship's services)
    and every registry out, with the journal of imports and exports (RosterJob)."""

    name = "roster"
    verbose_name = _("Roster import")

    def ready(self):
        # Takes part in every purge of a child's personal data (mentorship/purge.py).
        from . import purge

        purge.register()
