"""Reads of the monitoring: questionnaires and their current items."""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Aggregate, Avg, Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mentorship.models import Mentorship

from .models import Answer, Item, Purpose, Questionnaire, Response, Role


def current_items(*, questionnaire: Questionnaire) -> QuerySet[Item]:
    """The questionnaire's items as they are asked today (retired versions left out), in order."""
    return Item.objects.filter(questionnaire=questionnaire, retired_at__isnull=True).order_by("order", "pk")


def questionnaires_for_staff() -> QuerySet[Questionnaire]:
    """Every questionnaire with its number of current questions and of responses, in one query."""
    return (
        Questionnaire.objects.select_related("form")
        .annotate(
            item_count=Count("items", filter=Q(items__retired_at__isnull=True), distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .order_by("purpose", "role", "form__order", "title", "pk")
    )


def questionnaire_items(*, questionnaire: Questionnaire) -> list[Item]:
    """The current questions, each with `answer_count` (a question with answers is changed by a new version)."""
    return list(current_items(questionnaire=questionnaire).annotate(answer_count=Count("answers")))


# The six ratings of the satisfaction questionnaires (the keys of the former feedback's fields), in order.
RATING_KEYS = (
    "expected_effectiveness",
    "actual_effectiveness",
    "communication_comfort",
    "meetings_usefulness",
    "plan_fulfilment",
    "expectations_met",
)
RATING_LABELS = {
    "expected_effectiveness": _("expected effectiveness of the programme"),
    "actual_effectiveness": _("actual effectiveness of the programme"),
    "communication_comfort": _("comfort of communication"),
    "meetings_usefulness": _("usefulness of meetings"),
    "plan_fulfilment": _("plan carried out"),
    "expectations_met": _("expectations met"),
}
SATISFACTION_ROLES = (Role.MENTOR, Role.MENTEE)


def _round1(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def satisfaction_averages(*, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The satisfaction answers of mentors and mentees on the mentorships that ended in [start, end]: the
    number of responses, the average of each of the six ratings and how many would continue or become a
    mentor — the layout the summary had from the former feedback (reports/content.py). One query,
    whatever the number of answers."""
    ended = Q(
        response__questionnaire__purpose=Purpose.SATISFACTION,
        response__mentorship__status__in=(Mentorship.Status.COMPLETED, Mentorship.Status.TERMINATED),
        response__mentorship__end_date__gte=start,
        response__mentorship__end_date__lte=end,
    )
    fields: dict[str, Aggregate] = {}
    for role in SATISFACTION_ROLES:
        by_role = Q(response__role=role)
        fields[f"{role}__count"] = Count("response", filter=by_role, distinct=True)
        fields[f"{role}__continue"] = Count("pk", filter=by_role & Q(item__key="would_continue", flag=True))
        fields[f"{role}__become"] = Count("pk", filter=by_role & Q(item__key="would_become_mentor", flag=True))
        for key in RATING_KEYS:
            fields[f"{role}__{key}"] = Avg("number", filter=by_role & Q(item__key=key))
    row = Answer.objects.filter(ended).aggregate(**fields)
    roles = {
        str(role): {
            "count": row[f"{role}__count"],
            "averages": {key: _round1(row[f"{role}__{key}"]) for key in RATING_KEYS},
            "would_continue": row[f"{role}__continue"],
            "would_become_mentor": row[f"{role}__become"],
        }
        for role in SATISFACTION_ROLES
    }
    return {"roles": roles, "labels": {k: str(v) for k, v in RATING_LABELS.items()}, "fields": list(RATING_KEYS)}


def responses_visible_to(*, user: User | AnonymousUser) -> QuerySet[Response]:
    """Individual responses a user may read: curators and administrators (who manage the questionnaires) all of
    them; a mentor with a portal account only her own (answered as the person linked to her account); anyone
    else, the director included, none — they read aggregates only."""
    if not user.is_authenticated or not user.is_active:
        return Response.objects.none()
    if user.has_perm("monitoring.manage_questionnaires"):
        return Response.objects.all()
    if isinstance(user, User) and user.has_perm("mentorship.work_as_mentor"):
        return Response.objects.filter(person__user=user, person__isnull=False)
    return Response.objects.none()


def satisfaction_questionnaire(*, role: str, form_id: int | None) -> Questionnaire | None:
    """The satisfaction questionnaire a mentor or mentee of a form answers: the form's own one if the curators
    made one, else the one for every form (the default kit's)."""
    candidates = Questionnaire.objects.filter(purpose=Purpose.SATISFACTION, role=role, is_active=True).filter(
        Q(form_id=form_id) | Q(form__isnull=True)
    )
    return candidates.order_by(F("form_id").desc(nulls_last=True), "-builtin", "pk").first()


def pair_responses(*, mentorship: Mentorship, user: User | AnonymousUser) -> list[Response]:
    """The pair's satisfaction responses the user may read (responses_visible_to), with their answers and
    questions, in two queries."""
    return list(
        responses_visible_to(user=user)
        .filter(mentorship=mentorship, questionnaire__purpose=Purpose.SATISFACTION)
        .select_related("questionnaire", "person")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("item").order_by("item__order")))
        .order_by("role", "submitted_at", "pk")
    )


def pair_satisfaction_values(*, mentorship: Mentorship, user: User | AnonymousUser) -> dict[int, dict[str, Any]]:
    """For the printable feedback form: person id → {item key: value, "created_at": when} of her latest
    satisfaction response on the pair (numbers, flags, texts), of the responses the user may read. One query."""
    values: dict[int, dict[str, Any]] = {}
    answers = (
        Answer.objects.filter(
            response__in=responses_visible_to(user=user),
            response__mentorship=mentorship,
            response__questionnaire__purpose=Purpose.SATISFACTION,
            response__person__isnull=False,
        )
        .select_related("item", "response")
        .order_by("response__submitted_at", "response_id")
    )
    latest: dict[int, int] = {}
    for answer in answers:
        person_id = answer.response.person_id
        assert person_id is not None
        if latest.get(person_id) != answer.response_id:
            latest[person_id] = answer.response_id
            values[person_id] = {"created_at": answer.response.submitted_at}
        item = answer.item
        if item.kind == Item.Kind.SCALE:
            values[person_id][item.key] = answer.number
        elif item.kind == Item.Kind.YES_NO:
            values[person_id][item.key] = answer.flag
        elif item.kind == Item.Kind.TEXT:
            values[person_id][item.key] = answer.text
    return values
