from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Monitoring hub")

    def ready(self):
        # The hub receives no child's data: its documents' schema has no field for a person
        # (exchange/document.py); a purge on a school's portal has nothing to reach here.
        from config.purge import register_participant

        register_participant(
            app_label="hub",
            handler=lambda context: None,
            decisions={
                "hub.Organisation": "no personal data: regions, municipalities and schools",
                "hub.SchoolKey": "no personal data: a key ID and dates; the secret is never stored",
                "hub.Campaign": "no personal data: a monitoring date and its window",
                "hub.Report": "no personal data: the report's schema has no field for a person",
                "hub.ReportIndicator": "no personal data: numerators and denominators",
                "hub.Member": "a hub user's organisation: removed with the user (CASCADE)",
            },
        )
