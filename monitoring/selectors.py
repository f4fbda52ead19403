"""Reads of the monitoring: questionnaires and their current items."""

from django.db.models import QuerySet

from .models import Item, Questionnaire


def current_items(*, questionnaire: Questionnaire) -> QuerySet[Item]:
    """The questionnaire's items as they are asked today (retired versions left out), in order."""
    return Item.objects.filter(questionnaire=questionnaire, retired_at__isnull=True).order_by("order", "pk")
