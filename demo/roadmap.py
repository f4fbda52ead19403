"""A lived-in roadmap for the demo: what a lyceum that kept its roadmap would show today."""

from django.utils import timezone

from roadmap.models import Occurrence
from roadmap.services import evidence_add_link, occurrence_update
from roadmap.statuses import Status

# Past occurrences are done, except a couple left behind, as in a real school.
LEFT_BEHIND = 2


def demo_roadmap_progress(*, today=None):
    today = today or timezone.localdate()
    past = list(
        Occurrence.objects.filter(due_on__lt=today, status=Status.PLANNED)
        .select_related("activity")
        .order_by("due_on", "pk")
    )
    done = past[:-LEFT_BEHIND] if len(past) > LEFT_BEHIND else []
    for occurrence in done:
        occurrence.completed_on = occurrence.due_on
        occurrence_update(occurrence=occurrence, status=Status.DONE, note="Выполнено в срок.")
        evidence_add_link(
            occurrence=occurrence,
            url="https://example.ru/nastavnichestvo/",
            comment=f"Публикация на сайте лицея, {occurrence.due_on:%d.%m.%Y}",
        )
    current = Occurrence.objects.filter(due_on__gte=today, status=Status.PLANNED).order_by("due_on").first()
    if current is not None:
        occurrence_update(occurrence=current, status=Status.IN_PROGRESS, note="Идёт подготовка.")
    return len(done)
