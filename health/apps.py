from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _pair_changed(*, mentorship_id: int, **_ids: object) -> None:
    """Hook of `meeting_written` (config/events.py): the pair's health recomputed, in the background."""
    from .tasks import refresh_pair

    refresh_pair.delay(mentorship_id)


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Pair health")

    def ready(self):
        from config.events import subscribe

        from . import purge

        purge.register()
        subscribe("meeting_written", _pair_changed)
