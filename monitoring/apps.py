from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and questionnaires")

    def ready(self):
        from auditlog.registry import auditlog

        from mentorship.data_export import register_export_section

        from . import integrations, purge
        from .data_export import person_responses
        from .models import Answer, Response

        # Takes part in every purge of a person's data: her answers go with her (monitoring/purge.py).
        purge.register()
        # A person's export (152-ФЗ) includes her questionnaire answers.
        register_export_section("questionnaires", person_responses)
        # Every response and answer, also the feedback the curator types in from paper, is in the audit log.
        auditlog.register(Response)
        auditlog.register(Answer)
        # The open API's aggregates include the questionnaires' (counts and means, no answer's text).
        integrations.register()
