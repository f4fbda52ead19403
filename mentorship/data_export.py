"""Everything the portal holds about one person, as one JSON document (a subject access request)."""

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict

from .models import IndividualPlan, Meeting, Mentorship, Person

# Sections other apps add to a person's export (the monitoring: her questionnaire answers), registered from
# their AppConfig.ready(): name → a function of the person giving JSON-ready data.
EXPORT_SECTIONS: dict[str, Callable[[Person], Any]] = {}


def register_export_section(name: str, collect: Callable[[Person], Any]) -> None:
    EXPORT_SECTIONS[name] = collect


PERSON_FIELDS = [
    "kind",
    "roster_id",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "grade",
    "class_letter",
    "date_joined",
    "date_left",
    "pd_consent_date",
    "publication_consent",
    "publication_consent_date",
    "position",
    "subjects",
    "career_start",
    "phone",
    "email",
]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _dict(obj, fields):
    return {f: _plain(v) for f, v in model_to_dict(obj, fields=fields).items()}


def person_data_export(person: Person) -> dict:
    mentorships = (
        (
            Mentorship.objects.filter(pk__in=Mentorship.objects.filter(mentees=person).values("pk"))
            | Mentorship.objects.filter(mentor=person)
        )
        .select_related("form", "role_model", "mentor")
        .prefetch_related("mentees")
    )
    plans = IndividualPlan.objects.filter(mentee=person).prefetch_related("items")
    audit = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    ).select_related("actor")
    return {
        "person": {
            **_dict(person, PERSON_FIELDS),
            "organization": person.organization.name if person.organization_id else None,
            "categories": [c.name for c in person.categories.all()],
        },
        "mentorships": [
            {
                "form": m.form.name,
                "role_model": m.role_model.name if m.role_model else None,
                "role": "наставник" if m.mentor_id == person.pk else "наставляемый",
                "mentor": m.mentor.full_name,
                "mentees": [p.full_name for p in m.mentees.all()],
                **_dict(m, ["request", "goal", "start_date", "planned_end_date", "end_date", "status", "results"]),
                "meetings": [
                    _dict(x, ["date", "status", "format", "topic", "notes"])
                    for x in Meeting.objects.filter(mentorship=m)
                ],
            }
            for m in mentorships
        ],
        "plans": [
            {
                **_dict(plan, ["goal", "deficits"]),
                "items": [_dict(i, ["task", "work_form", "deadline", "status", "result"]) for i in plan.items.all()],
            }
            for plan in plans
        ],
        **{name: collect(person) for name, collect in EXPORT_SECTIONS.items()},
        "audit_log": [
            {
                "when": e.timestamp.isoformat(),
                "action": e.get_action_display(),
                "by": e.actor.get_full_name() if e.actor else None,
                "changes": e.changes,
            }
            for e in audit
        ],
    }
