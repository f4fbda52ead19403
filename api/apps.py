from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open API")

    def ready(self):
        # Tokens and the registry's access journal hold no child's data (names never enter a path: the
        # registry's URLs carry no person); the purge has nothing to do here but must know it.
        from config.purge import register_participant

        from . import schema  # noqa: F401  — the token's security scheme in the OpenAPI schema

        register_participant(
            app_label="api",
            handler=lambda context: None,
            decisions={
                "api.Token": "no personal data: an integration's name, scopes and dates",
                "api.RegistryRead": "no personal data: token, path without names, number of records, time",
            },
        )
