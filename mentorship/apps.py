from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship registry")

    def ready(self):
        from . import audit, purge  # noqa: F401  (purge registers the registry's own part of every purge)

        audit.register_models()
