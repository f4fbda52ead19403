"""Reads of the monitoring: questionnaires and their current items."""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Aggregate, Avg, Count, Q, QuerySet
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
    mentor — the layout of `mentorship.selectors.report_feedback`, so the summary can read either. One query,
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
