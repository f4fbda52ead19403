"""The demo lyceum (`seed_demo`): built once for the module, on a frozen «today», then inspected."""

import datetime
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from demo.lyceum import DEMO_MENTOR_ROSTER_ID, demo_people_plan
from demo.users import demo_users_create
from mentorship.models import (
    BestMentor,
    IndividualPlan,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
)
from mentorship.rules import mentorship_errors
from mentorship.validators import inn_is_valid
from monitoring.models import Answer, Response
from monitoring.selectors import RATING_KEYS
from portal.roles import CURATOR, MENTOR
from tests.factories import UserFactory

TODAY = datetime.date(2026, 11, 24)
FROZEN = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


def _years(start, day):
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo lyceum as `make run` builds it, with one curator user already there; rolled back afterwards."""
    with django_db_blocker.unblock(), time_machine.travel(FROZEN, tick=False), transaction.atomic():
        curator = UserFactory(username="demo-curator")
        curator.groups.add(Group.objects.get(name=CURATOR))
        out = StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        yield {"output": out.getvalue(), "curator": curator}
        transaction.set_rollback(True)


@pytest.fixture
def mentorships(demo, db):
    return list(
        Mentorship.objects.select_related("form", "role_model", "mentor__organization").prefetch_related("mentees")
    )


def test_today_is_frozen_for_the_module(demo, db):
    assert timezone.localdate() == TODAY
    assert "Демо-лицей создан" in demo["output"]


def test_about_900_students_in_grades_5_to_11_some_of_whom_left(demo, db):
    students = Person.objects.students()
    assert 850 <= students.count() <= 950
    assert set(students.values_list("grade", flat=True)) == set(range(5, 12))
    assert set(students.values_list("class_letter", flat=True)) == set("АБВГ")
    assert not students.filter(grade__gte=10, class_letter="Г").exists()
    assert 750 <= students.on_roll(TODAY).count() <= 880
    assert students.exclude(date_left=None).count() >= 50
    joined = list(students.values_list("date_joined", flat=True))
    on_first_september = sum(d.month == 9 and d.day == 1 for d in joined)
    assert 0.85 * len(joined) <= on_first_september < len(joined)


def test_dates_of_birth_match_grades(demo, db):
    for student in Person.objects.students().on_roll(TODAY).exclude(birth_date=None):
        assert TODAY.year - student.grade - 7 - student.birth_date.year in (-1, 0, 1), student


def test_consents_most_for_data_about_half_for_publication(demo, db):
    students = Person.objects.students()
    total = students.count()
    assert 0.85 * total <= students.exclude(pd_consent_date=None).count() < total
    assert 0.35 * total <= students.filter(publication_consent=True).count() <= 0.6 * total
    assert not students.filter(publication_consent=True, publication_consent_date=None).exists()


def test_every_category_used_by_15_to_25_percent_of_students(demo, db):
    on_roll = Person.objects.students().on_roll(TODAY)
    with_category = on_roll.filter(categories__isnull=False).distinct().count()
    assert 0.15 * on_roll.count() <= with_category <= 0.25 * on_roll.count()
    used = set(Person.categories.through.objects.values_list("menteecategory__code", flat=True))
    assert used == set(MenteeCategory.objects.values_list("code", flat=True))
    assert len(used) == 6


def test_seventy_teachers_of_whom_about_ten_young(demo, db):
    teachers = Person.objects.teachers()
    assert teachers.count() == 70
    young = [
        t
        for t in teachers.on_roll(TODAY).exclude(career_start=None)
        if t.career_start <= TODAY and _years(t.career_start, TODAY) < 3
    ]
    assert 8 <= len(young) <= 12
    assert 1 <= teachers.exclude(date_left=None).count() <= 5
    positions = set(teachers.values_list("position", flat=True))
    assert {"учитель", "педагог-психолог", "заместитель директора по учебно-воспитательной работе"} <= positions


def test_a_handful_of_missing_data_for_the_quality_warnings(demo, db):
    assert 1 <= Person.objects.students().filter(birth_date=None).count() <= 10
    assert 1 <= Person.objects.teachers().filter(career_start=None).count() <= 10


def test_forty_organisations_in_every_territory_with_valid_unique_inns(demo, db):
    organizations = list(Organization.objects.all())
    assert len(organizations) == 40
    assert {o.territory for o in organizations} == set(Organization.Territory.values)
    assert {o.kind for o in organizations} == set(Organization.Kind.values)
    inns = [o.inn for o in organizations]
    assert all(len(inn) == 10 and inn_is_valid(inn) for inn in inns)
    assert len(set(inns)) == 40
    with_agreement = [o for o in organizations if o.agreement_number]
    assert 10 <= len(with_agreement) < 40
    assert all(o.agreement_date for o in with_agreement)


def test_thirty_external_mentors_from_enterprises_and_colleges(demo, db):
    externals = Person.objects.external().select_related("organization")
    assert externals.count() == 30
    kinds = Counter(e.organization.kind for e in externals)
    assert set(kinds) == {Organization.Kind.ENTERPRISE, Organization.Kind.EDUCATIONAL}
    assert {e.organization.territory for e in externals} == set(Organization.Territory.values)


def test_about_150_mentorships_of_every_form_and_status(demo, mentorships):
    assert 140 <= len(mentorships) <= 160
    assert {m.form.code for m in mentorships} == set(MentorshipForm.Code.values)
    assert {m.status for m in mentorships} == set(Mentorship.Status.values)
    assert all(m.termination_reason for m in mentorships if m.status in ("terminated", "cancelled"))
    assert all(m.role_model.form_id == m.form_id for m in mentorships)
    sizes = Counter(len(m.mentees.all()) for m in mentorships)
    assert sizes[1] > 100 and sizes[2] + sizes[3] >= 5 and max(sizes) <= 3


def test_every_year_from_2020_has_mentorships_starting(demo, mentorships):
    years = Counter(m.start_date.year for m in mentorships)
    assert all(years[year] >= 5 for year in range(2020, 2027)), years
    assert min(m.start_date for m in mentorships) >= datetime.date(2020, 11, 1)
    assert max(m.start_date for m in mentorships) <= TODAY


def test_every_mentorship_obeys_the_rules(demo, mentorships):
    for m in mentorships:
        errors = mentorship_errors(
            mentor=m.mentor,
            mentees=m.mentees.all(),
            form=m.form,
            role_model=m.role_model,
            start_date=m.start_date,
            planned_end_date=m.planned_end_date,
            end_date=m.end_date,
            status=m.status,
            instance=m,
        )
        assert errors == {}, (m.pk, errors)


def test_student_mentors_are_15_to_18_and_older_than_their_mentees(demo, mentorships):
    pairs = [m for m in mentorships if m.form.code == MentorshipForm.Code.STUDENT_STUDENT]
    assert pairs
    for m in pairs:
        assert 15 <= _years(m.mentor.birth_date, m.start_date) <= 18
        assert all(mentee.birth_date > m.mentor.birth_date for mentee in m.mentees.all())


def test_young_teachers_are_mentored_by_experienced_ones(demo, mentorships):
    pairs = [m for m in mentorships if m.form.code == MentorshipForm.Code.TEACHER_TEACHER]
    assert len(pairs) >= 15
    for m in pairs:
        assert _years(m.mentor.career_start, m.start_date) >= 8
        assert all(_years(t.career_start, m.start_date) < 3 for t in m.mentees.all())


def test_plans_meetings_and_feedback(demo, mentorships):
    plans = list(IndividualPlan.objects.prefetch_related("items"))
    assert len(plans) == sum(len(m.mentees.all()) for m in mentorships)
    assert all(2 <= len(p.items.all()) <= 6 and p.goal for p in plans)
    overdue = [i for i in PlanItem.objects.filter(plan__mentorship__status="active") if i.is_overdue]
    assert overdue
    counted = [m for m in mentorships if m.status in Mentorship.COUNTED_STATUSES]
    with_meetings = set(Mentorship.objects.filter(meetings__isnull=False).values_list("pk", flat=True))
    assert all(m.pk in with_meetings for m in counted)
    assert not Mentorship.objects.filter(meetings__date__gt=TODAY).exists()
    completed = [m for m in mentorships if m.status == "completed"]
    satisfaction = Response.objects.filter(questionnaire__purpose="satisfaction", channel="paper")
    by_mentor = set(satisfaction.filter(role="mentor").values_list("mentorship_id", flat=True))
    assert all(m.pk in by_mentor for m in completed)
    assert satisfaction.filter(role="mentee").count() >= len(completed)
    ratings = Answer.objects.filter(response__in=satisfaction, item__key__in=RATING_KEYS).values_list(
        "number", flat=True
    )
    assert ratings and all(1 <= r <= 10 for r in ratings)
    assert Answer.objects.filter(response__in=satisfaction, item__key__in=RATING_KEYS).count() == 6 * len(satisfaction)


def test_two_or_three_best_mentors_each_past_year(demo, db):
    per_year = Counter(BestMentor.objects.values_list("year", flat=True))
    assert set(per_year) == set(range(2020, TODAY.year))
    assert all(2 <= n <= 3 for n in per_year.values())


def test_the_existing_curator_curates_the_demo(demo, mentorships):
    assert {m.curator_id for m in mentorships} == {demo["curator"].pk}


def test_if_empty_does_nothing_the_second_time(demo, db):
    before = (Person.objects.count(), Mentorship.objects.count(), Organization.objects.count())
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "уже есть люди" in out.getvalue()
    with pytest.raises(CommandError, match="уже есть люди"):
        call_command("seed_demo")
    assert (Person.objects.count(), Mentorship.objects.count(), Organization.objects.count()) == before


def test_same_seed_gives_the_same_names(demo, db):
    def names(people):
        return sorted((p.kind, p.last_name, p.first_name, p.patronymic, p.birth_date) for p in people)

    built = names(Person.objects.all())
    assert names(demo_people_plan(seed=2020, today=TODAY)) == built
    assert names(demo_people_plan(seed=2021, today=TODAY)) != built


def test_names_have_matching_feminine_surnames_and_patronymics(demo, db):
    for person in Person.objects.filter(patronymic__endswith="вна"):
        assert not person.last_name.endswith(("ов", "ев", "ин", "ский")), person
    for person in Person.objects.filter(patronymic__endswith="вич"):
        assert not person.last_name.endswith(("ова", "ева", "ина", "ская")), person


def test_demo_users_link_the_mentor_to_the_demo_teacher(demo, db):
    users = demo_users_create()
    person = Person.objects.get(roster_id=DEMO_MENTOR_ROSTER_ID)
    mentor = users[MENTOR]
    assert person.user == mentor and person.kind == Person.Kind.TEACHER
    active = Mentorship.objects.visible_to(mentor).filter(status="active")
    assert 2 <= active.count() <= 3
    assert {m.form.code for m in active} <= {MentorshipForm.Code.TEACHER_TEACHER, MentorshipForm.Code.STUDENT_STUDENT}
    demo_users_create()  # twice: still the same link
    assert Person.objects.get(user=mentor) == person
