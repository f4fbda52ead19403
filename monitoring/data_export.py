"""A person's questionnaire answers in her export (mentorship/data_export.py, a section registered in ready())."""

from typing import Any

from mentorship.models import Person

from .models import Answer, Item, Response


def _value(answer: Answer) -> Any:
    kind = answer.item.kind
    if kind == Item.Kind.SCALE:
        return answer.number
    if kind == Item.Kind.YES_NO:
        return answer.flag
    if kind in (Item.Kind.ONE, Item.Kind.MANY):
        return answer.chosen_labels()
    return answer.text


def person_responses(person: Person) -> list[dict[str, Any]]:
    responses = (
        Response.objects.filter(person=person)
        .select_related("questionnaire")
        .prefetch_related("answers__item")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "questionnaire": r.questionnaire.title,
            "role": r.get_role_display(),
            "channel": r.get_channel_display(),
            "mentorship": r.mentorship_id,
            "submitted_at": r.submitted_at.isoformat(),
            "answers": [{"question": a.item.text, "answer": _value(a)} for a in r.answers.all()],
        }
        for r in responses
    ]
