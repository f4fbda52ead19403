"""The roadmap's part in a purge (mentorship/purge.py): notes, evidence comments and file names are
scrubbed; a surname alone is listed for the administrator."""

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from config.purge import register_participant

if TYPE_CHECKING:  # the roadmap stands beside the registry and does not import it
    from mentorship.purge import PurgeContext

from .models import Activity, Evidence, Occurrence, Programme, Section


def _place(obj):
    if isinstance(obj, Evidence):
        activity_id = Occurrence.objects.filter(pk=obj.occurrence_id).values_list("activity_id", flat=True).first()
        title = _("Evidence № %(pk)s (roadmap)") % {"pk": obj.pk}
    elif isinstance(obj, Occurrence):
        activity_id = obj.activity_id
        title = _("Occurrence № %(pk)s (roadmap)") % {"pk": obj.pk}
    elif isinstance(obj, Activity):
        activity_id = obj.pk
        title = _("Activity № %(pk)s (roadmap)") % {"pk": obj.pk}
    else:
        title = _("%(model)s № %(pk)s (roadmap)") % {"model": obj._meta.verbose_name.capitalize(), "pk": obj.pk}
        return title, reverse("roadmap:table")
    return title, reverse("roadmap:activity", args=[activity_id])


def purge_roadmap(ctx: "PurgeContext") -> None:
    key = "roadmap_texts_scrubbed"
    ctx.scrub(Evidence.objects.all(), ["comment", "original_name"], key=key, place=_place)
    ctx.scrub(Occurrence.objects.all(), ["note"], key=key, place=_place)
    ctx.scrub(Activity.objects.all(), ["title", "key_result", "documents"], key=key, place=_place)
    ctx.scrub(Section.objects.all(), ["title", "key_result"], key=key, place=_place)
    ctx.scrub(Programme.objects.all(), ["title"], key=key, place=_place)


DECISIONS = {
    "roadmap.Evidence": "comments and file names scrubbed and listed; stored files have random names",
    "roadmap.Occurrence": "notes scrubbed and listed",
    "roadmap.Activity": "texts scrubbed and listed",
    "roadmap.Section": "texts scrubbed and listed",
    "roadmap.Programme": "title scrubbed and listed",
    "roadmap.ReminderLog": "staff e-mail addresses only",
}


def register():
    register_participant(app_label="roadmap", handler=purge_roadmap, decisions=DECISIONS)
