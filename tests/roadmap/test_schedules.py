import datetime

import pytest
import time_machine
from django.utils import translation

from roadmap.schedules import Schedule, parse_days

D = datetime.date
PROGRAMME = {"start_year": 2020, "end_year": 2024}


def dues(schedule, **kwargs):
    return [slot.due_on for slot in schedule.unfold(**{**PROGRAMME, **kwargs})]


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (Schedule("period", year=2020, month=11, end_month=12), "ноябрь-декабрь 2020"),
        (Schedule("period", year=2020, month=12), "декабрь 2020"),
        (Schedule("years", year=2020, end_year=2024), "2020-2024"),
        (Schedule("yearly_dates", days=((12, 20), (6, 20))), "ежегодно 20 декабря, 20 июня"),
        (Schedule("yearly_month", month=8), "ежегодно, август"),
        (Schedule("ongoing"), "постоянно"),
    ],
)
def test_each_kind_of_schedule_is_shown_in_the_roadmaps_words(schedule, words):
    with translation.override("ru"):
        assert schedule.describe() == words


@time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False)
def test_a_period_unfolds_into_one_occurrence_due_at_its_end():
    slots = Schedule("period", year=2020, month=11, end_month=12).unfold(**PROGRAMME)
    assert [(s.starts_on, s.due_on) for s in slots] == [(D(2020, 11, 1), D(2020, 12, 31))]
    assert dues(Schedule("period", year=2020, month=11)) == [D(2020, 11, 30)]


@time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False)
def test_a_span_of_years_unfolds_into_one_occurrence_per_year():
    assert dues(Schedule("years", year=2020, end_year=2024)) == [D(y, 12, 31) for y in range(2020, 2025)]
    # cut to the programme's years
    assert dues(Schedule("years", year=2019, end_year=2022)) == [D(2020, 12, 31), D(2021, 12, 31), D(2022, 12, 31)]


@time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False)
def test_yearly_dates_unfold_into_every_date_of_every_year_in_date_order():
    schedule = Schedule("yearly_dates", days=((12, 20), (6, 20)))
    assert dues(schedule) == [D(y, m, 20) for y in range(2020, 2025) for m in (6, 12)]
    assert D(2021, 12, 20) in dues(schedule) and D(2022, 6, 20) in dues(schedule)


@time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False)
def test_a_yearly_month_unfolds_into_the_last_day_of_that_month_each_year():
    slots = Schedule("yearly_month", month=8).unfold(**PROGRAMME)
    assert [(s.starts_on, s.due_on) for s in slots] == [(D(y, 8, 1), D(y, 8, 31)) for y in range(2020, 2025)]


@time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False)
def test_ongoing_unfolds_into_one_occurrence_per_programme_year():
    assert dues(Schedule("ongoing")) == [D(y, 12, 31) for y in range(2020, 2025)]


def test_recurring_schedules_skip_dates_before_the_programme_starts():
    starts_on = D(2020, 12, 7)
    assert dues(Schedule("yearly_dates", days=((12, 20), (6, 20))), starts_on=starts_on)[:3] == [
        D(2020, 12, 20),
        D(2021, 6, 20),
        D(2021, 12, 20),
    ]
    assert dues(Schedule("yearly_month", month=8), starts_on=starts_on) == [D(y, 8, 31) for y in range(2021, 2025)]
    first = Schedule("ongoing").unfold(**PROGRAMME, starts_on=starts_on)[0]
    assert (first.starts_on, first.due_on) == (starts_on, D(2020, 12, 31))
    # an explicit period is kept even before the start: the roadmap names it
    assert dues(Schedule("period", year=2020, month=11), starts_on=starts_on) == [D(2020, 11, 30)]


def test_29_february_falls_on_the_28th_in_other_years():
    assert dues(Schedule("yearly_dates", days=((2, 29),)), start_year=2023, end_year=2024) == [
        D(2023, 2, 28),
        D(2024, 2, 29),
    ]


def test_incomplete_schedules_report_their_errors_and_unfold_to_nothing():
    assert "schedule_year" in Schedule("period", month=5).errors()
    assert "schedule_end_year" in Schedule("years", year=2024, end_year=2020).errors()
    assert "schedule_days" in Schedule("yearly_dates", days=((2, 30),)).errors()
    assert "schedule_month" in Schedule("yearly_month").errors()
    assert Schedule("period", month=5).unfold(**PROGRAMME) == []


def test_dates_are_typed_as_day_dot_month():
    assert parse_days("20.12, 20.06") == ((12, 20), (6, 20))
    with pytest.raises(ValueError):
        parse_days("двадцатое")
