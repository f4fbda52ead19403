from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and questionnaires")

    def ready(self):
        # Takes part in every purge of a person's data: her answers go with her (monitoring/purge.py).
        from . import purge

        purge.register()
