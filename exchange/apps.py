from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Reports to the hub")

    def ready(self):
        # A delivery holds the report sent to the hub, whose schema has no field for a person
        # (exchange/document.py, tests/exchange/test_document.py): a purge has nothing to reach here.
        from config.purge import register_participant

        register_participant(
            app_label="exchange",
            handler=lambda context: None,
            decisions={
                "exchange.Delivery": (
                    "no personal data: the report's schema has no field for a person; `queued_by` is the staff "
                    "account that queued it (SET_NULL when the account goes)"
                ),
            },
        )
