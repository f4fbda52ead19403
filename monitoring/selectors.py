"""Reads of the monitoring: questionnaires and their current items."""

from django.db.models import Count, Q, QuerySet

from .models import Item, Questionnaire


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
