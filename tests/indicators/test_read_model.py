"""The KPI read model and the domain rules stated once: one plan vs fact for the dashboard, the summary and
the public page; one date rule; one «on roll» and one «young teacher» for the KPIs, the filters and the forms."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.safestring import SafeString

from indicators.charts import plan_fact_svg
from indicators.selectors import kpi_values, plan_fact_by_year
from indicators.services import snapshot_get_or_record
from mentorship.dates import validate_date, validate_year, year_date
from mentorship.forms import MentorshipEditForm
from mentorship.models import Person
from public.selectors import kpi_summary
from reports.content import kpi_collect
from tests.factories import TeacherFactory
from tests.indicators.factories import D, mentorship, student

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 12, 21)


# Plan vs fact by year


@time_machine.travel(datetime.datetime(2024, 12, 21, 12, 0), tick=False)
def test_plan_fact_takes_the_recorded_value_and_computes_the_missing_year_from_the_registry():
    mentorship([student(), student()])
    recorded = {v.code: v for v in snapshot_get_or_record(as_of=datetime.date(2023, 12, 20))}
    student()  # joins the registry after 2023 was recorded: the recorded value stays
    plan_fact = plan_fact_by_year(today=TODAY)
    rows = {row.year: row for row in plan_fact.rows["students_mentees"]}
    assert rows[2023].year_end == recorded["students_mentees"]
    assert rows[2023].year_end.kind == "recorded"
    assert rows[2022].year_end.kind == "live"
    assert rows[2024].year_end == kpi_values(days=[D])[D]["students_mentees"]
    assert rows[2024].target == Decimal("70")


@time_machine.travel(datetime.datetime(2024, 12, 21, 12, 0), tick=False)
def test_public_page_and_summary_show_the_same_year_values_as_the_read_model():
    mentorship([student()])
    snapshot_get_or_record(as_of=datetime.date(2023, 12, 20))
    rows = {row.year: row.year_end.value for row in plan_fact_by_year(today=TODAY).rows["students_mentors"]}
    public = {row.year: row.value for row in kpi_summary(today=TODAY)[1].rows}
    assert public == {year: value for year, value in rows.items() if year in public}
    history = kpi_collect(D)["history"]["students_mentors"]
    summary = {int(label): None if fact is None else Decimal(fact) for label, _target, fact in history}
    assert summary == {year: rows[year] for year in summary}


@time_machine.travel(datetime.datetime(2024, 6, 1, 12, 0), tick=False)
def test_the_current_year_before_20_december_shows_todays_value_marked_as_today():
    mentorship([student()])
    today = datetime.date(2024, 6, 1)
    row = plan_fact_by_year(today=today).rows["students_mentees"][-1]
    assert (row.year, row.is_today) == (2024, True)
    assert row.year_end.as_of == today
    assert kpi_summary(today=today)[0].rows[-1].is_today


# The chart


def test_chart_is_safe_markup_with_the_font_it_is_given():
    svg = plan_fact_svg(chart_id="c", title="<b>", points=[(2024, 10, 5)], font_family="PortalDejaVu, sans-serif")
    assert isinstance(svg, SafeString)
    assert 'font-family="PortalDejaVu, sans-serif"' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert 'font-family="sans-serif"' in plan_fact_svg(chart_id="c", title="t", points=[])


# One date rule


def test_the_date_rule_accepts_today_and_refuses_a_date_to_come_and_one_out_of_range():
    validate_date(TODAY, today=TODAY, future_message="later")
    validate_date(TODAY + datetime.timedelta(days=1), today=TODAY)  # no message given: a date to come is fine
    with pytest.raises(ValidationError) as error:
        validate_date(TODAY + datetime.timedelta(days=1), today=TODAY, future_message="later")
    assert error.value.messages == ["later"]
    with pytest.raises(ValidationError) as error:
        validate_date(datetime.date(1, 1, 1), today=TODAY)
    assert error.value.code == "date_out_of_range"


def test_a_year_is_in_range_when_its_20_december_is():
    assert year_date(2024) == datetime.date(2024, 12, 20)
    validate_year(1900)
    validate_year(2999)
    for wrong in (1899, 3000, 0, 10000):
        with pytest.raises(ValidationError):
            validate_year(wrong)


def test_a_meeting_in_the_future_is_refused_with_the_one_rule(curator):
    from mentorship.services import meeting_log

    pair = mentorship([student()], start_date=datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError) as error:
        meeting_log(mentorship=pair, data={"date": datetime.date(2999, 1, 1)})
    assert error.value.message_dict["date"] == ["Встреча записывается после того, как состоялась: дата в будущем."]


# On roll and young teacher: one rule for the KPIs, the filters and the forms


@time_machine.travel(datetime.datetime(2024, 12, 20, 12, 0), tick=False)
def test_the_registry_filter_on_roll_today_is_the_kpi_rule(client_as, curator):
    student(last_name="Выбывающая", date_left=datetime.date(2025, 5, 31))  # still on roll today
    student(last_name="Выбывшая", date_left=datetime.date(2024, 12, 20))  # left today: not on roll
    student(last_name="Будущая", date_joined=datetime.date(2025, 1, 9))  # not joined yet
    client = client_as(curator)
    current = client.get(reverse("mentorship:student_list")).content.decode()
    left = client.get(reverse("mentorship:student_list"), {"roll": "left"}).content.decode()
    assert "Выбывающая" in current and "Выбывшая" not in current and "Будущая" not in current
    assert "Выбывшая" in left and "Выбывающая" not in left
    on_roll = set(Person.objects.students().on_roll(datetime.date(2024, 12, 20)).values_list("last_name", flat=True))
    assert on_roll == {"Выбывающая"}


@time_machine.travel(datetime.datetime(2024, 12, 20, 12, 0), tick=False)
def test_the_mentorship_form_offers_only_people_on_roll_today():
    staying = student(date_left=datetime.date(2025, 5, 31))
    gone = student(date_left=datetime.date(2024, 12, 1))
    offered = set(MentorshipEditForm().fields["mentees"].queryset)
    assert staying in offered and gone not in offered


@time_machine.travel(datetime.datetime(2024, 12, 20, 12, 0), tick=False)
def test_young_teachers_filter_and_indicator_3_agree(client_as, curator):
    TeacherFactory(last_name="Молодова", career_start=datetime.date(2021, 12, 21))  # 2 full years: young
    TeacherFactory(last_name="Опытнова", career_start=datetime.date(2021, 12, 20))  # 3 full years today
    html = client_as(curator).get(reverse("mentorship:teacher_list"), {"young": "true"}).content.decode()
    assert "Молодова" in html and "Опытнова" not in html
    assert kpi_values(days=[D])[D]["young_teachers_mentees"].denominator == 1
    young = [t.last_name for t in Person.objects.teachers() if t.is_young_teacher(D)]
    assert young == ["Молодова"]
