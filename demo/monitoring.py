"""Demo: the lyceum's participants answer the questionnaires (entry, exit, satisfaction), so that the growth page,
the SWOT draft and the summary's drafted conclusions show something. Deterministic: the scores come from a
random generator seeded by the mentorship's number; every answer is stored by `response_submit`.

Who answers what: every mentee of a mentorship that began answers the entry questionnaire a week after its start;
the mentees of a completed or terminated one answer the exit questionnaire on its end (their scores a little up,
sometimes down); a running one has no exit yet (counted as «нет итоговой анкеты»); every mentee answers the
satisfaction questionnaire on each monitoring date the mentorship ran through in its last year.

The questionnaires are the portal's (the default kit) where they exist — for the mentorship's form, else for every
form; where none is active, a demo one with the kit's keys is added.
"""

import datetime
import random
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentorship.dates import monitoring_dates
from mentorship.models import Mentorship
from monitoring.models import Item, Purpose, Questionnaire, Response, Role
from monitoring.selectors import current_items
from monitoring.services import response_submit

DEMO_ITEMS = {
    Purpose.ENTRY: [
        ("self_assessment", "Как вы оцениваете свои знания и умения?"),
        ("motivation", "Насколько вам интересно учиться и развиваться?"),
        ("involvement", "Насколько вы участвуете в жизни школы?"),
    ],
    Purpose.SATISFACTION: [
        ("meetings_usefulness", "Насколько полезны встречи с наставником?"),
        ("communication_comfort", "Насколько вам комфортно общаться с наставником?"),
        ("expectations_met", "Оправдались ли ваши ожидания?"),
        ("would_become_mentor", "Хотели бы вы сами стать наставником?"),
    ],
}
DEMO_ITEMS[Purpose.EXIT] = DEMO_ITEMS[Purpose.ENTRY]
TITLES = {
    Purpose.ENTRY: "Анкета на входе (демо)",
    Purpose.EXIT: "Анкета на выходе (демо)",
    Purpose.SATISFACTION: "Удовлетворённость программой (демо)",
}


def _questionnaire(purpose: str, form_id: int, cache: dict) -> Questionnaire:
    key = (purpose, form_id)
    if key not in cache:
        found = (
            Questionnaire.objects.filter(purpose=purpose, role=Role.MENTEE, is_active=True)
            .filter(Q(form_id=form_id) | Q(form__isnull=True))
            .order_by("form", "pk")  # the form's own questionnaire before the one for every form
            .first()
        )
        if found is None:
            found, created = Questionnaire.objects.get_or_create(
                code=f"demo-{purpose}", defaults={"title": TITLES[purpose], "purpose": purpose, "role": Role.MENTEE}
            )
            if created:
                for order, (item_key, text) in enumerate(DEMO_ITEMS[purpose], start=1):
                    kind = Item.Kind.YES_NO if item_key.startswith("would_") else Item.Kind.SCALE
                    Item.objects.create(questionnaire=found, key=item_key, text=text, kind=kind, order=order)
        cache[key] = (found, list(current_items(questionnaire=found)))
    return cache[key]


def _answers(
    items: list[Item], rng: random.Random, base: dict[str, int], shift: int = 0, low: int = 3, high: int = 8
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in items:
        if item.kind == Item.Kind.SCALE:
            start = base.setdefault(item.key, rng.randint(low, high))
            values[item.key] = max(1, min(10, start + shift + rng.choice((-1, 0, 0, 1, 1, 2)) * (shift != 0)))
        elif item.kind == Item.Kind.YES_NO:
            values[item.key] = rng.random() < 0.6
        elif item.kind == Item.Kind.ONE:
            values[item.key] = rng.randrange(len(item.choices)) if item.choices else None
        elif item.kind == Item.Kind.MANY:
            values[item.key] = [rng.randrange(len(item.choices))] if item.choices else []
        elif item.required:
            values[item.key] = "Всё устраивает."
    return values


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))


@transaction.atomic
def demo_answers_record(*, today: datetime.date | None = None) -> dict[str, int]:
    """Entry, exit and satisfaction answers of the demo lyceum's mentees; returns the counts stored."""
    today = today or timezone.localdate()
    cache: dict = {}
    counts = {"entry": 0, "exit": 0, "satisfaction": 0}
    mentorships = (
        Mentorship.objects.filter(status__in=Mentorship.COUNTED_STATUSES, start_date__lte=today)
        .prefetch_related("mentees")
        .order_by("pk")
    )
    for mentorship in mentorships:
        rng = random.Random(mentorship.pk)
        ended = mentorship.end_date if mentorship.status != Mentorship.Status.ACTIVE else None
        for mentee in mentorship.mentees.all():
            base: dict[str, int] = {}
            common = {
                "role": Role.MENTEE,
                "channel": Response.Channel.PAPER,
                "person": mentee,
                "mentorship": mentorship,
            }
            entered_on = mentorship.start_date + datetime.timedelta(days=7)
            if entered_on > today:
                continue
            questionnaire, items = _questionnaire(Purpose.ENTRY, mentorship.form_id, cache)
            response_submit(
                questionnaire=questionnaire, answers=_answers(items, rng, base), submitted_at=_at(entered_on), **common
            )
            counts["entry"] += 1
            if ended and ended > entered_on:
                questionnaire, items = _questionnaire(Purpose.EXIT, mentorship.form_id, cache)
                shift = rng.choice((-1, 0, 1, 1, 2, 2, 3))
                response_submit(
                    questionnaire=questionnaire,
                    answers=_answers(items, rng, base, shift=shift),
                    submitted_at=_at(ended),
                    **common,
                )
                counts["exit"] += 1
            last = ended or today
            days = [d for y in (last.year - 1, last.year) for d in monitoring_dates(y)]
            days = [d for d in days if entered_on < d <= last and d > last - datetime.timedelta(days=366)]
            if not ended and today - datetime.timedelta(days=3) > entered_on:
                days.append(today - datetime.timedelta(days=3))  # the half-year under way
            for day in days:
                questionnaire, items = _questionnaire(Purpose.SATISFACTION, mentorship.form_id, cache)
                answers = _answers(items, rng, {}, low=5, high=10)
                response_submit(questionnaire=questionnaire, answers=answers, submitted_at=_at(day), **common)
                counts["satisfaction"] += 1
    return counts
