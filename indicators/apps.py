from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        # Takes part in every purge of a child's personal data (mentorship/purge.py).
        from . import purge

        purge.register()
        # Who set which target or number of enterprises, and when: the targets page shows this history.
        from auditlog.registry import auditlog

        from .models import EnterpriseCount, Target

        auditlog.register(Target, exclude_fields=["id", "indicator"])
        auditlog.register(EnterpriseCount, exclude_fields=["id", "entered_by", "updated_at"])
