"""Every rule of shared/spec/kpi.md at its edges, on the real database."""

import datetime
from decimal import Decimal

import pytest

from indicators.selectors import kpi_compute, percent
from mentorship.models import Mentorship, Organization
from mentorship.selectors import full_years, kpi_members, years_before
from tests.factories import ExternalMentorFactory, OrganizationFactory, category
from tests.indicators.factories import D, born, mentorship, old_teacher, student

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def kpi(day=D):
    return {v.code: v for v in kpi_compute(as_of=day)}


def counts(code, day=D):
    value = kpi(day)[code]
    return value.numerator, value.denominator


# Rounding and empty values


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (1, 6, "16.7"),
        (1, 16, "6.3"),  # 6.25 rounds half up, not to even
        (1, 80, "1.3"),  # 1.25
        (3, 40, "7.5"),
        (0, 5, "0.0"),
        (5, 5, "100.0"),
        (7, 5, "140.0"),
    ],
)
def test_value_is_rounded_half_up_to_one_decimal(numerator, denominator, expected):
    assert percent(numerator, denominator) == Decimal(expected)


def test_an_empty_denominator_gives_no_value_and_no_achievement_not_zero():
    values = kpi()
    for value in values.values():
        assert value.denominator == 0
        assert value.value is None
        assert value.achieved is None
    assert values["students_mentees"].target == Decimal("70.0")


def test_one_of_eight_mentors_gives_twelve_and_a_half_and_is_compared_with_the_target():
    mentors = [student(birth_date=born(16)) for _ in range(8)]
    mentorship([student()], mentor=mentors[0])
    value = kpi()["students_mentors"]
    assert (value.numerator, value.denominator, value.value) == (1, 8, Decimal("12.5"))
    assert value.target == Decimal("10.0")
    assert value.achieved is True


def test_value_equal_to_target_is_achieved_and_below_it_is_not():
    # students_mentees target 2024 is 70: 7 of 10 achieves it, 6 of 10 does not.
    cohort = [student(categories=[category("outstanding")]) for _ in range(10)]
    mentorship(cohort[:7])
    assert kpi()["students_mentees"].value == Decimal("70.0")
    assert kpi()["students_mentees"].achieved is True
    Mentorship.objects.all().delete()
    mentorship(cohort[:6])
    assert kpi()["students_mentees"].achieved is False


def test_target_is_empty_for_a_year_without_one():
    value = kpi(datetime.date(2026, 12, 20))["students_mentees"]
    assert value.target is None
    assert value.achieved is None


# Age at D


def test_birthday_on_the_reference_date_counts_the_new_age():
    turns_ten_today = student(birth_date=born(10))
    turns_ten_tomorrow = student(birth_date=born(10, days=1))
    mentorship([turns_ten_today, turns_ten_tomorrow])
    assert counts("students_mentees") == (1, 1)
    assert [m for m in kpi_members("students_mentees", D) if m.in_numerator] == [turns_ten_today]
    # The day before, neither is 10 yet.
    assert counts("students_mentees", D - DAY) == (0, 0)


@pytest.mark.parametrize(
    ("birth_date", "in_cohort"),
    [
        (born(9, days=1), False),  # 9, turns 10 tomorrow
        (born(10), True),  # 10 today
        (born(18), True),  # 18 today
        (born(19, days=1), True),  # still 18, turns 19 tomorrow
        (born(19), False),  # 19 today
    ],
)
def test_students_mentees_cohort_is_ages_10_to_18_inclusive(birth_date, in_cohort):
    mentorship([student(birth_date=birth_date)])
    assert counts("students_mentees") == ((1, 1) if in_cohort else (0, 0))


@pytest.mark.parametrize(
    ("birth_date", "in_cohort"),
    [
        (born(15, days=1), False),  # 14
        (born(15), True),  # 15 today
        (born(18), True),
        (born(19, days=1), True),  # 18
        (born(19), False),  # 19
    ],
)
def test_students_mentors_cohort_is_ages_15_to_18_inclusive(birth_date, in_cohort):
    mentor = student(birth_date=birth_date)
    mentorship([student()], mentor=mentor)
    expected = (1, 1) if in_cohort else (0, 0)
    assert counts("students_mentors") == expected


def test_students_mentors_denominator_is_the_whole_cohort():
    student(birth_date=born(15))
    student(birth_date=born(17))
    student(birth_date=born(14))
    assert counts("students_mentors") == (0, 2)


def test_a_student_without_a_date_of_birth_is_in_no_cohort():
    nobody = student(birth_date=None, categories=[category("behaviour")])
    mentorship([nobody], mentor=student(birth_date=None))
    assert counts("students_mentees") == (0, 0)
    assert counts("students_mentors") == (0, 0)


def test_born_on_29_february_turns_a_year_older_on_1_march_in_a_non_leap_year():
    leapling = student(birth_date=datetime.date(2016, 2, 29), categories=[category("outstanding")])
    assert full_years(leapling.birth_date, datetime.date(2026, 2, 28)) == 9
    assert full_years(leapling.birth_date, datetime.date(2026, 3, 1)) == 10
    assert full_years(leapling.birth_date, datetime.date(2028, 2, 29)) == 12
    assert counts("students_mentees", datetime.date(2026, 2, 28)) == (0, 0)
    assert counts("students_mentees", datetime.date(2026, 3, 1)) == (0, 1)


def test_on_29_february_of_a_leap_year_ages_count_from_28_february_and_1_march():
    student(birth_date=datetime.date(2018, 2, 28), categories=[category("outstanding")])  # 10 on 28.02
    student(birth_date=datetime.date(2018, 3, 1), categories=[category("outstanding")])  # still 9
    assert years_before(datetime.date(2028, 2, 29), 10) == datetime.date(2018, 2, 28)
    assert counts("students_mentees", datetime.date(2028, 2, 29)) == (0, 1)


# On roll at D


@pytest.mark.parametrize(
    ("joined", "left", "on_roll"),
    [
        (None, None, True),
        (D, None, True),  # joined on D
        (D + DAY, None, False),  # joins the day after
        (None, D, False),  # left on D
        (None, D + DAY, True),  # leaves the day after
    ],
)
def test_only_people_on_roll_at_d_are_in_a_cohort(joined, left, on_roll):
    mentee = student(date_joined=joined, date_left=left)
    mentorship([mentee], start_date=datetime.date(2024, 1, 10), end_date=datetime.date(2024, 1, 20))
    assert counts("students_mentees") == ((1, 1) if on_roll else (0, 0))


# Mentorships counted in P(D)


@pytest.mark.parametrize(
    ("start", "end", "status", "counted"),
    [
        (datetime.date(2023, 9, 1), datetime.date(2023, 12, 31), Mentorship.Status.COMPLETED, False),
        (datetime.date(2023, 9, 1), datetime.date(2024, 1, 1), Mentorship.Status.COMPLETED, True),
        (D + DAY, None, Mentorship.Status.ACTIVE, False),
        (D, None, Mentorship.Status.ACTIVE, True),
        (datetime.date(2020, 9, 1), None, Mentorship.Status.ACTIVE, True),
        (datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), Mentorship.Status.TERMINATED, True),
        (datetime.date(2024, 3, 1), None, Mentorship.Status.DRAFT, False),
        (datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), Mentorship.Status.CANCELLED, False),
    ],
)
def test_which_mentorships_count_in_the_period(start, end, status, counted):
    mentee = student(categories=[category("underachieving")])
    mentorship([mentee], start_date=start, end_date=end, status=status)
    assert counts("students_mentees") == ((1, 1) if counted else (0, 1))


def test_every_mentee_and_the_mentor_of_a_group_mentorship_take_part():
    mentor = student(birth_date=born(16))
    group = [student() for _ in range(4)]
    mentorship(group, mentor=mentor)
    assert counts("students_mentees") == (4, 4)
    assert counts("students_mentors") == (1, 1)


def test_a_mentee_of_two_mentorships_counts_once():
    mentee = student(categories=[category("disabilities"), category("behaviour")])
    mentorship([mentee])
    mentorship([mentee])
    assert counts("students_mentees") == (1, 1)


# Denominator of indicator 1


def test_students_mentees_denominator_is_potential_mentees_and_mentees_each_once():
    with_category = student(categories=[category("difficult_life")])
    both = student(categories=[category("outstanding"), category("disengaged")])
    mentee_without_category = student()
    student()  # neither: not in the denominator
    mentorship([both, mentee_without_category])
    members = list(kpi_members("students_mentees", D))
    assert {m for m in members if m.in_numerator} == {both, mentee_without_category}
    assert set(members) == {with_category, both, mentee_without_category}
    assert counts("students_mentees") == (2, 3)


# Indicator 3: young teachers


@pytest.mark.parametrize(
    ("career_start", "in_cohort"),
    [
        (D + DAY, False),  # starts after D
        (D, True),  # 0 full years
        (born(2), True),  # exactly 2 full years
        (born(3, days=1), True),  # 2 full years, 3 tomorrow
        (born(3), False),  # 3 full years today
        (None, False),
    ],
)
def test_young_teachers_have_less_than_three_full_years_of_experience(career_start, in_cohort):
    teacher = old_teacher(career_start=career_start)
    mentorship([teacher])
    assert counts("young_teachers_mentees") == ((1, 1) if in_cohort else (0, 0))


def test_young_teachers_denominator_is_the_whole_cohort_on_roll():
    young = [old_teacher(career_start=datetime.date(2023, 9, 1)) for _ in range(3)]
    old_teacher(career_start=datetime.date(2023, 9, 1), date_left=datetime.date(2024, 6, 1))
    mentorship([young[0]])
    value = kpi()["young_teachers_mentees"]
    assert (value.numerator, value.denominator, value.value) == (1, 3, Decimal("33.3"))


# Indicator 4: organisations


def test_organisations_of_the_town_and_district_that_provided_a_mentor():
    town = OrganizationFactory(territory=Organization.Territory.TOWN)
    district = OrganizationFactory(territory=Organization.Territory.DISTRICT)
    elsewhere = OrganizationFactory(territory=Organization.Territory.ELSEWHERE)
    OrganizationFactory(territory=Organization.Territory.DISTRICT)  # provided nobody
    for org in (town, town, district, elsewhere):
        mentorship([student()], mentor=ExternalMentorFactory(organization=org))
    mentorship(
        [student()],
        mentor=ExternalMentorFactory(organization=OrganizationFactory()),
        status=Mentorship.Status.DRAFT,
    )
    value = kpi()["organizations_mentors"]
    assert (value.numerator, value.denominator) == (2, 4)
    assert value.denominator_source == "registry"
    members = list(kpi_members("organizations_mentors", D))
    assert {m for m in members if m.in_numerator} == {town, district}
    assert elsewhere not in set(members)


def test_entered_number_of_enterprises_replaces_the_registry_count_for_its_year_only():
    from indicators.services import enterprise_count_set

    org = OrganizationFactory()
    OrganizationFactory()
    mentorship([student()], mentor=ExternalMentorFactory(organization=org))
    enterprise_count_set(year=2024, count=40, source="Кировстат, 2024")
    value = kpi()["organizations_mentors"]
    assert (value.numerator, value.denominator, value.value) == (1, 40, Decimal("2.5"))
    assert value.denominator_source == "entered"
    assert value.denominator_note == "Кировстат, 2024"
    assert value.achieved is False  # target 30
    other_year = kpi(datetime.date(2025, 6, 20))["organizations_mentors"]
    assert (other_year.denominator, other_year.denominator_source) == (2, "registry")
