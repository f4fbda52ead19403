from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The events notifications react to (config/events.py); «campaign_results» is emitted by the campaigns.
EVENTS = ("roster_import_finished", "summary_ready", "campaign_results", "pairs_need_attention")


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from config.events import subscribe

        from . import purge, services

        purge.register()
        for event in EVENTS:
            subscribe(event, getattr(services, f"on_{event}"))
