"""Reads of the applications to join: the curators' queue and the registry people an application may be."""

from django.db.models import Count, Q, QuerySet

from mentorship.models import Organization, Person
from mentorship.search import name_query, organization_query

from .models import Application

DUPLICATES_MAX = 10


def application_list(*, status: str) -> QuerySet[Application]:
    return Application.objects.filter(status=status).only(
        "pk", "wish", "kind", "last_name", "first_name", "patronymic", "grade", "class_letter", "status", "created_at"
    )


def application_counts() -> dict[str, int]:
    counts = dict(Application.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Application.Status.values}


def application_get(*, pk: int) -> Application:
    return Application.objects.select_related("person", "organization", "decided_by").get(pk=pk)


def application_duplicates(*, application: Application) -> list[Person]:
    """Registry people who may be the applicant: the same surname and first name (mentorship/search.py's
    rule: ё = е, any case), or the same surname and date of birth. Each carries `same_birth_date`."""
    name = f"{application.last_name} {application.first_name}"
    found = name_query(name)
    if application.birth_date:
        found |= Q(birth_date=application.birth_date) & name_query(application.last_name)
    people = list(
        Person.objects.filter(found, purged_at__isnull=True)
        .select_related("organization")
        .order_by("last_name", "first_name", "pk")[:DUPLICATES_MAX]
    )
    for person in people:
        same = bool(application.birth_date) and person.birth_date == application.birth_date
        setattr(person, "same_birth_date", same)  # noqa: B010  (shown by the page; not a model field)
    people.sort(key=lambda p: (not getattr(p, "same_birth_date"), p.kind != application.kind))  # noqa: B009
    return people


def organization_match(*, application: Application) -> Organization | None:
    if not application.organization_name:
        return None
    return Organization.objects.filter(organization_query(application.organization_name)).order_by("name").first()
