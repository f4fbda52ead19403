"""The indicators' part in a purge (mentorship/purge.py): the staff's notes on snapshots and denominators
are scrubbed; a surname alone is listed. Values are counts and name no one."""

from django.urls import reverse
from django.utils.translation import gettext as _

from config.purge import register_participant
from mentorship.purge import PurgeContext

from .models import EnterpriseCount, Snapshot


def _place(obj):
    title = _("%(model)s № %(pk)s (indicators)") % {"model": obj._meta.verbose_name.capitalize(), "pk": obj.pk}
    return title, reverse(f"admin:indicators_{obj._meta.model_name}_change", args=[obj.pk])


def purge_indicators(ctx: PurgeContext) -> None:
    key = "indicator_notes_scrubbed"
    ctx.scrub(Snapshot.objects.all(), ["note", "denominator_note"], key=key, place=_place)
    ctx.scrub(EnterpriseCount.objects.all(), ["source"], key=key, place=_place)


DECISIONS = {
    "indicators.Snapshot": "counts; the notes scrubbed and listed",
    "indicators.EnterpriseCount": "a count of enterprises; its source scrubbed and listed",
    "indicators.Indicator": "reference data",
    "indicators.Target": "planned values",
}


def register():
    register_participant(app_label="indicators", handler=purge_indicators, decisions=DECISIONS)
