from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo lyceum, its roadmap progress and one account per role: for trying the portal, never for production.

    Depends on the domain apps; nothing outside this app (and its tests, bench/ and smoke/) imports it.
    """

    name = "demo"
    verbose_name = _("Demo data")
