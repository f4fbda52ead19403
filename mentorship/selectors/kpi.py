"""Registry reads for the four indicators, made exact: the rules are stated in docs/indicators.md.

Ages and teaching experience are full years. They are compared in SQL against constant dates worked
out here: a person is at least N years old at D when born on or before D shifted back N years, where
29 February shifted into a non-leap year becomes 28 February. So someone born on 29.02 turns N on
01.03 in a non-leap year, and on 29.02 in a leap one. The same rule gives teaching experience.

Every count is conditional aggregation over one table, so the number of queries does not depend on
the number of people, mentorships or dates asked for.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import BooleanField, Case, Count, Exists, Model, OuterRef, Q, QuerySet, Value, When

from ..dates import years_before
from ..models import Mentorship, MentorshipForm, Organization, Person, on_roll_q, young_teacher_q

STUDENTS_MENTEES = "students_mentees"
STUDENTS_MENTORS = "students_mentors"
YOUNG_TEACHERS_MENTEES = "young_teachers_mentees"
ORGANIZATIONS_MENTORS = "organizations_mentors"
KPI_CODES = (STUDENTS_MENTEES, STUDENTS_MENTORS, YOUNG_TEACHERS_MENTEES, ORGANIZATIONS_MENTORS)  # the spec's order

KPI_TERRITORIES = (Organization.Territory.TOWN, Organization.Territory.DISTRICT)


def _age_between(field: str, day: datetime.date, low: int, high: int) -> Q:
    """`field` (a date) puts the person at `low`..`high` full years inclusive at `day`."""
    return Q(**{f"{field}__lte": years_before(day, low), f"{field}__gt": years_before(day, high + 1)})


def _period_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 1, 1)


def _counted(day: datetime.date) -> QuerySet[Mentorship]:
    """The mentorships counted in P(D) (docs/indicators.md): active, completed or terminated, overlapping P(D)."""
    return Mentorship.objects.counted_in(_period_start(day), day)


def _mentee_ids(day: datetime.date) -> QuerySet[Model, Mapping[str, object]]:
    return Mentorship.mentees.through.objects.filter(mentorship__in=_counted(day)).values("person_id")


def _mentor_ids(day: datetime.date) -> QuerySet[Mentorship, Mapping[str, object]]:
    return _counted(day).values("mentor_id")


def _with_category_ids() -> QuerySet[Model, Mapping[str, object]]:
    return Person.categories.through.objects.values("person_id")


@dataclass(frozen=True)
class Planned:
    """People of mentorships not yet in the registry (a matching proposal), counted as if they were counted
    in P(D): the same rules answer «what would the indicators be» (indicators.selectors.kpi_projection)."""

    mentee_ids: frozenset[int] = frozenset()
    mentor_ids: frozenset[int] = frozenset()


NOTHING_PLANNED = Planned()


def _cohorts(day: datetime.date, planned: Planned = NOTHING_PLANNED) -> dict[str, tuple[Q, Q]]:
    """Cohort, numerator and denominator conditions on Person for indicators 1–3 at `day` (docs/indicators.md,
    «Что считает каждый показатель»: rows 1–3 of the table)."""
    student = Q(kind=Person.Kind.STUDENT) & on_roll_q(day)
    mentee = Q(pk__in=_mentee_ids(day))
    mentor = Q(pk__in=_mentor_ids(day))
    if planned.mentee_ids:
        mentee |= Q(pk__in=sorted(planned.mentee_ids))
    if planned.mentor_ids:
        mentor |= Q(pk__in=sorted(planned.mentor_ids))
    cohort1 = student & _age_between("birth_date", day, 10, 18)
    cohort2 = student & _age_between("birth_date", day, 15, 18)
    cohort3 = Q(kind=Person.Kind.TEACHER) & on_roll_q(day) & Q(career_start__lte=day) & young_teacher_q(day)
    return {
        STUDENTS_MENTEES: (cohort1 & mentee, cohort1 & (mentee | Q(pk__in=_with_category_ids()))),
        STUDENTS_MENTORS: (cohort2 & mentor, cohort2),
        YOUNG_TEACHERS_MENTEES: (cohort3 & mentee, cohort3),
    }


def _organizations(day: datetime.date, planned: Planned = NOTHING_PLANNED) -> tuple[Q, Q]:
    """Indicator 4 (docs/indicators.md): organisations of the town and district, and those providing a mentor."""
    in_area = Q(territory__in=KPI_TERRITORIES)
    providing = Exists(_counted(day).filter(mentor__organization_id=OuterRef("pk")))
    if planned.mentor_ids:
        planned_mentors = Person.objects.filter(pk__in=sorted(planned.mentor_ids), organization_id=OuterRef("pk"))
        providing = cast(Exists, providing | Exists(planned_mentors))
    # Q & Exists is a Q at run time; the stubs only know Q & Q, and type the other order as Combinable.
    return cast(Q, in_area & providing), in_area


def kpi_counts(
    days: Iterable[datetime.date], planned: Planned = NOTHING_PLANNED
) -> dict[datetime.date, dict[str, tuple[int, int]]]:
    """{day: {code: (numerator, registry denominator)}} for each day, in two queries in all.

    The denominator of `organizations_mentors` is the registry's count; the indicators app replaces it
    by the number an administrator entered for the year, where there is one.
    """
    days = sorted(set(days))
    if not days:
        return {}
    people, organizations = {}, {}
    for i, day in enumerate(days):
        for code, (numerator, denominator) in _cohorts(day, planned).items():
            people[f"n{i}_{code}"] = Count("pk", filter=numerator)
            people[f"d{i}_{code}"] = Count("pk", filter=denominator)
        numerator, denominator = _organizations(day, planned)
        organizations[f"n{i}"] = Count("pk", filter=numerator)
        organizations[f"d{i}"] = Count("pk", filter=denominator)
    people_row = Person.objects.aggregate(**people)
    organization_row = Organization.objects.aggregate(**organizations)
    result = {}
    for i, day in enumerate(days):
        counts = {code: (people_row[f"n{i}_{code}"], people_row[f"d{i}_{code}"]) for code in KPI_CODES[:3]}
        counts[ORGANIZATIONS_MENTORS] = (organization_row[f"n{i}"], organization_row[f"d{i}"])
        result[day] = counts
    return result


def kpi_members(code: str, day: datetime.date) -> QuerySet[Person] | QuerySet[Organization]:
    """The people (or organisations) of an indicator's denominator at `day`, each annotated `in_numerator`
    (the numerator is always part of the denominator), in one query.

    For `organizations_mentors` the denominator is the registry's organisations in the town and district.
    """
    base: QuerySet
    if code == ORGANIZATIONS_MENTORS:
        numerator, denominator = _organizations(day)
        base = Organization.objects.order_by("territory", "name")
    elif code in KPI_CODES:
        numerator, denominator = _cohorts(day)[code]
        base = Person.objects.select_related("organization").order_by("last_name", "first_name", "patronymic", "pk")
        if code == STUDENTS_MENTEES:
            base = base.prefetch_related("categories")
    else:
        raise ValueError(f"Unknown indicator {code!r}")
    marked = Case(When(numerator, then=Value(True)), default=Value(False), output_field=BooleanField())
    return base.filter(denominator).annotate(in_numerator=marked)


def kpi_dashboard_counters(day: datetime.date) -> dict[str, Any]:
    """Counters of the director's dashboard at `day`: active mentorships by form, mentees, mentors,
    mentorships completed this year, and the data-quality warnings. Three queries."""
    active = Q(mentorship__status=Mentorship.Status.ACTIVE)
    forms = list(MentorshipForm.objects.annotate(active=Count("mentorship", filter=active)).order_by("order"))
    year_start = _period_start(day)
    mentorships = Mentorship.objects.aggregate(
        active=Count("pk", filter=Q(status=Mentorship.Status.ACTIVE)),
        completed_this_year=Count(
            "pk", filter=Q(status=Mentorship.Status.COMPLETED, end_date__gte=year_start, end_date__lte=day)
        ),
        past_planned_end=Count("pk", filter=Q(status=Mentorship.Status.ACTIVE, planned_end_date__lt=day)),
    )
    active_mentee_ids = Mentorship.mentees.through.objects.filter(mentorship__status=Mentorship.Status.ACTIVE).values(
        "person_id"
    )
    active_mentor_ids = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).values("mentor_id")
    on_roll = on_roll_q(day)
    people = Person.objects.aggregate(
        mentees=Count("pk", filter=Q(pk__in=active_mentee_ids)),
        mentors=Count("pk", filter=Q(pk__in=active_mentor_ids)),
        students_without_birth_date=Count("pk", filter=on_roll & Q(kind=Person.Kind.STUDENT, birth_date__isnull=True)),
        mentees_without_category=Count(
            "pk",
            filter=on_roll & Q(kind=Person.Kind.STUDENT, pk__in=_mentee_ids(day)) & ~Q(pk__in=_with_category_ids()),
        ),
        teachers_without_career_start=Count(
            "pk", filter=on_roll & Q(kind=Person.Kind.TEACHER, career_start__isnull=True)
        ),
    )
    return {
        "forms": [(f.name, f.active) for f in forms],
        "active": mentorships["active"],
        "mentees": people["mentees"],
        "mentors": people["mentors"],
        "completed_this_year": mentorships["completed_this_year"],
        "warnings": {
            "students_without_birth_date": people["students_without_birth_date"],
            "mentees_without_category": people["mentees_without_category"],
            "mentorships_past_planned_end": mentorships["past_planned_end"],
            "teachers_without_career_start": people["teachers_without_career_start"],
        },
    }
