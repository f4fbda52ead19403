import datetime
import re
from collections.abc import Collection

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import (
    BestMentor,
    IndividualPlan,
    Meeting,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
    School,
    on_roll_q,
)
from ..rules import form_role_q
from ..search import name_query


def school_get() -> School | None:
    """The school's details; the lyceum is created by a data migration, so there is always one."""
    return School.objects.order_by("pk").first()


def _with_participants(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    return queryset.select_related("form", "role_model", "mentor", "mentor__organization", "curator").prefetch_related(
        Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name"))
    )


def mentorship_list_for_user(user: User) -> QuerySet[Mentorship]:
    return _with_participants(Mentorship.objects.visible_to(user))


def mentorships_of_mentor(person: Person) -> QuerySet[Mentorship]:
    return _with_participants(Mentorship.objects.filter(mentor=person))


def my_mentorships_list(person: Person, today: datetime.date) -> list[Mentorship]:
    """A mentor's own mentorships for their page: each with the count of held meetings (planned and
    cancelled ones are not counted) and the date of the next planned one. Two queries."""
    return list(
        mentorships_of_mentor(person).annotate(
            held_meetings=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD)),
            next_meeting=Min(
                "meetings__date", filter=Q(meetings__status=Meeting.Status.PLANNED, meetings__date__gte=today)
            ),
        )
    )


def mentorship_get_for_user(user: User, pk: int) -> Mentorship:
    """A mentorship with everything its page shows; someone else's answers 404."""
    queryset = _with_participants(Mentorship.objects.visible_to(user)).prefetch_related(
        Prefetch(
            "plans",
            queryset=IndividualPlan.objects.select_related("mentee").prefetch_related(
                Prefetch("items", queryset=PlanItem.objects.order_by("order", "deadline", "pk"))
            ),
        ),
        Prefetch("meetings", queryset=Meeting.objects.select_related("created_by")),
    )
    return get_object_or_404(queryset, pk=pk)


def open_plan_items(mentorship: Mentorship) -> list[PlanItem]:
    """The items of the mentorship's plans still planned or in progress, by mentee and deadline: what
    completing the mentorship would leave undone. One query."""
    return list(
        PlanItem.objects.filter(
            plan__mentorship=mentorship, status__in=(PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)
        )
        .select_related("plan__mentee")
        .order_by("plan__mentee__last_name", "plan__mentee__first_name", "deadline", "order", "pk")
    )


def person_list(kind: str) -> QuerySet[Person]:
    queryset = Person.objects.filter(kind=kind)
    if kind == Person.Kind.STUDENT:
        queryset = queryset.prefetch_related("categories")
    if kind == Person.Kind.EXTERNAL:
        queryset = queryset.select_related("organization")
    return queryset.annotate(
        active_as_mentor=Count(
            "mentorships_as_mentor", filter=Q(mentorships_as_mentor__status=Mentorship.Status.ACTIVE), distinct=True
        ),
        active_as_mentee=Count(
            "mentorships_as_mentee", filter=Q(mentorships_as_mentee__status=Mentorship.Status.ACTIVE), distinct=True
        ),
    ).order_by("last_name", "first_name", "patronymic", "pk")


def person_card(pk: int) -> tuple[Person, list[Mentorship], list[Mentorship], list[IndividualPlan]]:
    """A person with all their mentorships and plans, loaded up front."""
    person = get_object_or_404(
        Person.objects.select_related("organization", "user").prefetch_related("categories", "awards"), pk=pk
    )
    as_mentor = list(mentorships_of_mentor(person))
    as_mentee = list(_with_participants(Mentorship.objects.filter(mentees=person)))
    plans = list(
        IndividualPlan.objects.filter(mentee=person)
        .select_related("mentorship", "mentorship__form")
        .prefetch_related("items")
    )
    return person, as_mentor, as_mentee, plans


def person_by_roster_id(roster_id: str) -> Person | None:
    """The person with this roster ID, or None."""
    return Person.objects.select_related("user").filter(roster_id=roster_id).first()


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.annotate(people_count=Count("people")).order_by("name", "pk")


# The people picker of the mentorship form: how many people one answer offers at most.
PICKER_LIMIT = 20
PICKER_ROLES = ("mentor", "mentee")
# «7», «7Б», «10а»: a word of the query that names a grade or a class rather than a name.
_CLASS_WORD = re.compile(r"(\d{1,2})([А-ЯЁа-яё]?)")


def _class_q(word: str) -> Q | None:
    match = _CLASS_WORD.fullmatch(word)
    if match is None:
        return None
    grade, letter = match.groups()
    q = Q(grade=int(grade))
    if letter:
        q &= Q(class_letter__in={letter.upper(), letter.lower()})  # SQLite folds ASCII only
    return q


def people_for_picker(
    *,
    role: str,
    form: MentorshipForm | None = None,
    query: str = "",
    category: MenteeCategory | None = None,
    free_only: bool = False,
    day: datetime.date,
    pks: Collection[int] | None = None,
    limit: int | None = PICKER_LIMIT,
) -> list[Person]:
    """People who may take `role` in a mentorship of `form`, on roll at `day`, found by the query.

    The query's words are a name (the one rule of `name_query`: surname, first name, patronymic) or a
    class («7Б», «10»); `category` narrows to students of a potential-mentee category; `free_only`
    keeps mentors with room for one more mentee. Each person carries `busy` (the mentees of their
    active mentorships) and `free` (places left under MENTOR_MAX_MENTEES). With `pks`, exactly those
    people (the form's current choice), whatever the filters. Two queries, whatever the number found.
    """
    if role not in PICKER_ROLES:
        raise ValueError(role)
    capacity = settings.MENTOR_MAX_MENTEES
    people = Person.objects.select_related("organization").annotate(
        busy=Count(
            "mentorships_as_mentor__mentees",
            filter=Q(mentorships_as_mentor__status=Mentorship.Status.ACTIVE),
            distinct=True,
        )
    )
    if pks is not None:
        people = people.filter(pk__in=list(pks))
    else:
        people = people.filter(on_roll_q(day), form_role_q(form.code if form else None, role), purged_at__isnull=True)
        name_words = []
        for word in query.split():
            class_q = _class_q(word)
            if class_q is None:
                name_words.append(word)
            else:
                people = people.filter(class_q)
        if name_words:
            people = people.filter(name_query(" ".join(name_words)))
        if category is not None:
            people = people.filter(kind=Person.Kind.STUDENT, categories=category)
        if free_only:
            people = people.filter(busy__lt=capacity)
    people = people.order_by("last_name", "first_name", "patronymic", "pk")
    found: list[Person] = list(people[:limit] if limit is not None and pks is None else people)
    for person in found:
        person.free = max(capacity - person.busy, 0)  # type: ignore[attr-defined]
    return found


def best_mentors_by_year() -> list[tuple[int, list[BestMentor]]]:
    """Every mark of a best mentor, by year (the latest first), with the person and organisation. One query."""
    by_year: dict[int, list[BestMentor]] = {}
    awards = BestMentor.objects.select_related("person", "person__organization").order_by(
        "-year", "person__last_name", "person__first_name", "pk"
    )
    for award in awards:
        by_year.setdefault(award.year, []).append(award)
    return list(by_year.items())


def mentors_for_choice() -> QuerySet[Person]:
    """People who have been the mentor of a counted mentorship (active, completed, terminated): whom a
    curator can mark best mentor of a year — teachers, external mentors and students who mentor."""
    mentor_ids = Mentorship.objects.filter(status__in=Mentorship.COUNTED_STATUSES).values("mentor_id")
    return (
        Person.objects.filter(pk__in=mentor_ids)
        .select_related("organization")
        .order_by("kind", "last_name", "first_name", "patronymic", "pk")
    )
