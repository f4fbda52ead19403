"""The monitoring's part in a purge (mentorship/purge.py): a person's invitations and answers go with her;
other answers' open texts are scrubbed of her name."""

from django.urls import reverse
from django.utils.translation import gettext as _

from config.purge import register_participant
from mentorship.purge import PurgeContext

from .models import Answer, Invitation, Response, SwotAnalysis


def _place(obj):
    title = _("%(model)s № %(pk)s (monitoring)") % {"model": obj._meta.verbose_name.capitalize(), "pk": obj.pk}
    return title, reverse(f"admin:monitoring_{obj._meta.model_name}_change", args=[obj.pk])


def _swot_place(obj):
    title = _("SWOT analysis of %(date)s") % {"date": f"{obj.as_of:%d.%m.%Y}"}
    return title, f"{reverse('monitoring:swot')}?as_of={obj.as_of:%Y-%m-%d}"


def purge_monitoring(ctx: PurgeContext) -> None:
    person = ctx.person
    answers = Answer.objects.filter(response__person=person)
    ctx.count("questionnaire_answers_deleted", answers.count())
    answers.delete()
    responses = Response.objects.filter(person=person)
    ctx.count("questionnaire_responses_deleted", responses.count())
    responses.delete()
    invitations = Invitation.objects.filter(person=person)
    ctx.count("questionnaire_invitations_deleted", invitations.count())
    invitations.delete()
    ctx.scrub(Answer.objects.exclude(text=""), ["text"], key="questionnaire_texts_scrubbed", place=_place)
    ctx.scrub(SwotAnalysis.objects.all(), list(SwotAnalysis.PARTS), key="swot_texts_scrubbed", place=_swot_place)


DECISIONS = {
    "monitoring.Questionnaire": "reference data written by staff",
    "monitoring.Item": "reference data written by staff",
    "monitoring.Campaign": "a round of questionnaires; names no one",
    "monitoring.Invitation": "her invitations deleted",
    "monitoring.Response": "her responses deleted",
    "monitoring.Answer": "her answers deleted; other answers' texts scrubbed and listed",
    "monitoring.SwotAnalysis": "aggregates only; the curator's edited texts scrubbed of her name and listed",
}


def register():
    register_participant(app_label="monitoring", handler=purge_monitoring, decisions=DECISIONS)
