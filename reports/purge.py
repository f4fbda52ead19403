"""The reports' part in a purge (mentorship/purge.py): the curator's texts are scrubbed (a surname alone
is listed), and every generated summary that named the child is re-rendered without her name — an
approved one keeps its approval and says that it was re-issued. Printable forms are built on request
from the registry, so they name only what the registry still holds."""

from django.urls import reverse
from django.utils.translation import gettext as _

from config.purge import register_participant
from mentorship.models import BestMentor
from mentorship.names import surname_mentions
from mentorship.purge import PurgeContext

from .models import AnalyticSummary
from .services import summary_reissue

TEXTS = ("conclusions", "decisions", "error")


def _place(summary):
    title = _("Analytic summary of %(date)s") % {"date": f"{summary.as_of:%d.%m.%Y}"}
    return title, reverse("reports:summary", args=[summary.as_of])


def purge_reports(ctx: PurgeContext) -> None:
    award_years = set(BestMentor.objects.filter(person=ctx.person).values_list("year", flat=True))
    for summary in AnalyticSummary.objects.all():
        old = {name: getattr(summary, name) for name in TEXTS}
        new = {name: ctx.replace(text) for name, text in old.items()}
        if new != old:
            AnalyticSummary.objects.filter(pk=summary.pk).update(**new)
            ctx.count("summary_texts_scrubbed")
        for name in ("conclusions", "decisions"):
            ctx.note_place(summary, name, new[name], _place)
        named = (
            new != old
            or summary.as_of.year in award_years
            or any(surname_mentions(new[name], ctx.forms) for name in ("conclusions", "decisions"))
        )
        if named and (summary.pdf or summary.status == AnalyticSummary.Status.DONE):
            summary_reissue(summary=summary)
            ctx.count("summaries_reissued")


DECISIONS = {
    "reports.AnalyticSummary": "conclusions, decisions and errors scrubbed and listed; a summary that named her "
    "is re-rendered (approval kept, re-issue noted)",
}


def register():
    register_participant(app_label="reports", handler=purge_reports, decisions=DECISIONS)
