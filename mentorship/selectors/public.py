"""Reads for the public page «Наставничество»: aggregates, and the registry's side of the children's-safety
rule (who may be published, whose names may not appear). The public app reads people only through these."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from ..models import Mentorship, MentorshipForm, Person

# The kinds of person, for apps that compare a linked person's kind (the public page's roles).
PersonKind = Person.Kind


def public_forms_in_use() -> list[tuple[str, int]]:
    """The forms of mentoring the school runs: [(form name, number of mentorships)], in the forms' order.

    A form is run when it has at least one active or completed mentorship; the count is of those
    mentorships (pairs and groups). One query.
    """
    running = Q(mentorship__status__in=(Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED))
    forms = MentorshipForm.objects.annotate(running=Count("mentorship", filter=running)).filter(running__gt=0)
    return [(form.name, form.running) for form in forms.order_by("order", "pk")]


def publication_allowed_q(*, prefix: str = "") -> Q:
    """People who may be published: anyone but a student, and a student whose parent has consented.
    `prefix` is the path to the person from the model filtered (e.g. "person")."""
    path = f"{prefix}__" if prefix else ""
    return ~Q(**{f"{path}kind": Person.Kind.STUDENT}) | Q(**{f"{path}publication_consent": True})


def person_may_be_published(*, person: Person) -> bool:
    """The same rule as `publication_allowed_q`, for one person already read."""
    return person.kind != Person.Kind.STUDENT or bool(person.publication_consent)


def students_without_publication_consent() -> Iterator[tuple[str, str, str]]:
    """(last name, first name, patronymic) of every student on record (not purged) whose parent has not
    consented to publication, streamed."""
    students = Person.objects.filter(
        kind=Person.Kind.STUDENT, purged_at__isnull=True, publication_consent=False
    ).values_list("last_name", "first_name", "patronymic")
    return students.iterator(chunk_size=2000)


def students_publication_consent_state(*, person_ids: QuerySet) -> tuple[int, float]:
    """Of the students among `person_ids` (a query of person ids): how many have the consent to publication,
    and the latest change of any of them (a timestamp, 0 when none). One query."""
    state = Person.objects.filter(kind=Person.Kind.STUDENT, pk__in=person_ids).aggregate(
        latest=Max("updated_at"), consented=Count("pk", filter=Q(publication_consent=True), distinct=True)
    )
    return state["consented"], state["latest"].timestamp() if state["latest"] else 0


@dataclass(frozen=True)
class CuratorContact:
    """What the public page shows of a curator who agreed to be listed: nothing else of the person."""

    name: str
    position: str
    phone: str
    email: str


def public_curators(*, today: datetime.date) -> list[CuratorContact]:
    """The curators listed in the public page's contacts: teachers who agreed (`public_contact`), on the
    staff today and not purged, by name. Never a student (the model's constraint). One query."""
    teachers = (
        Person.objects.teachers()
        .on_roll(today)
        .filter(public_contact=True, purged_at__isnull=True)
        .only("last_name", "first_name", "patronymic", "position", "phone", "email")
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    return [CuratorContact(t.full_name, t.position, t.phone, t.email) for t in teachers]


def public_people_state(*, person_ids: QuerySet) -> tuple[int, float, int, float]:
    """What the cached public page depends on among people, in one query: of the students among
    `person_ids`, how many have the consent to publication and their latest change; of the teachers
    listed as curators, how many and their latest change (timestamps, 0 when none)."""
    students = Q(kind=Person.Kind.STUDENT, pk__in=person_ids)
    curators = Q(kind=Person.Kind.TEACHER, public_contact=True)
    state = Person.objects.filter(students | curators).aggregate(
        consented=Count("pk", filter=students & Q(publication_consent=True), distinct=True),
        latest=Max("updated_at", filter=students),
        curators=Count("pk", filter=curators, distinct=True),
        curators_latest=Max("updated_at", filter=curators),
    )

    def stamp(value: datetime.datetime | None) -> float:
        return value.timestamp() if value else 0

    return state["consented"], stamp(state["latest"]), state["curators"], stamp(state["curators_latest"])


def people_for_choice() -> QuerySet[Person]:
    """Every person of the registry, for a choice of «who in the registry», by kind and name."""
    return Person.objects.order_by("kind", "last_name", "first_name", "patronymic", "pk")
