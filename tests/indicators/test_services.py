import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from indicators.charts import plan_fact_svg
from indicators.models import Indicator, Snapshot, Target
from indicators.selectors import kpi_compute, kpi_values
from indicators.services import past_value_enter, snapshot_get_or_record, snapshot_record_due
from indicators.tasks import record_due_snapshot
from mentorship.models import Person
from tests.factories import category
from tests.indicators.factories import D, born, mentorship, student

pytestmark = pytest.mark.django_db

KIROV = datetime.timezone(datetime.timedelta(hours=3))


def test_seed_indicators_and_targets_are_the_seed_table():
    assert list(Indicator.objects.values_list("code", flat=True)) == [
        "students_mentees",
        "students_mentors",
        "young_teachers_mentees",
        "organizations_mentors",
    ]
    expected = {
        "students_mentees": [10, 30, 40, 55, 70],
        "students_mentors": [2, 4, 6, 8, 10],
        "young_teachers_mentees": [10, 30, 40, 55, 70],
        "organizations_mentors": [2, 10, 20, 25, 30],
    }
    for code, values in expected.items():
        targets = Target.objects.filter(indicator__code=code).order_by("year")
        assert [(t.year, t.value) for t in targets] == list(zip(range(2020, 2025), map(Decimal, values), strict=True))
    assert Indicator.objects.get(code="students_mentees").name.startswith("Доля обучающихся в возрасте от 10 до 18")


def test_a_target_for_a_new_year_is_used():
    Target.objects.create(indicator=Indicator.objects.get(code="students_mentors"), year=2026, value=Decimal("12"))
    values = kpi_compute(as_of=datetime.date(2026, 6, 20))
    assert values[1].target == Decimal("12.0")


def _people(n):
    Person.objects.bulk_create(
        [
            Person(kind=Person.Kind.STUDENT, last_name=f"Ученик{i}", first_name="А", birth_date=born(10 + i % 9))
            for i in range(n)
        ]
    )
    mentees = list(Person.objects.filter(kind=Person.Kind.STUDENT)[: max(1, n // 10)])
    mentorship(mentees[: n // 20 or 1])
    mentorship(mentees[n // 20 or 1 :], mentor=student(birth_date=born(16)))


@pytest.mark.parametrize("size", [10, 1000])
def test_computation_issues_five_queries_whatever_the_data_size(size, django_assert_num_queries):
    _people(size)
    with django_assert_num_queries(5):
        values = kpi_compute(as_of=D)
    assert values[0].denominator > 0
    with django_assert_num_queries(5):
        many = kpi_values(days=[datetime.date(y, m, 20) for y in range(2020, 2025) for m in (6, 12)])
    assert len(many) == 10


def test_many_dates_in_one_go_give_the_same_values_as_one_by_one():
    mentorship([student(birth_date=born(12, day=datetime.date(2022, 12, 20)))], start_date=datetime.date(2022, 3, 1))
    days = [datetime.date(2021, 12, 20), datetime.date(2022, 12, 20), D]
    together = kpi_values(days=days)
    for day in days:
        assert list(together[day].values()) == kpi_compute(as_of=day)


# Snapshots


@time_machine.travel(datetime.datetime(2024, 12, 20, 23, 50, tzinfo=KIROV), tick=False)
def test_recording_a_snapshot_is_idempotent_and_never_overwrites():
    mentee = student(categories=[category("outstanding")])
    mentorship([mentee])
    first = snapshot_get_or_record(as_of=D)
    assert [v.kind for v in first] == ["recorded"] * 4
    assert (first[0].numerator, first[0].denominator, first[0].value) == (1, 1, Decimal("100.0"))
    # The registry changes afterwards: the recorded value stays.
    student(categories=[category("behaviour")])
    second = snapshot_get_or_record(as_of=D)
    assert second == first
    assert Snapshot.objects.filter(as_of=D).count() == 4
    assert kpi_compute(as_of=D)[0].denominator == 2  # the live value has moved on


@time_machine.travel(datetime.datetime(2025, 1, 10, 12, 0, tzinfo=KIROV), tick=False)
def test_only_missing_indicators_are_recorded_next_to_an_entered_one():
    past_value_enter(
        indicator=Indicator.objects.get(code="students_mentors"), as_of=D, value=Decimal("7.5"), note="отчёт 2024"
    )
    values = snapshot_get_or_record(as_of=D)
    assert [v.kind for v in values] == ["recorded", "entered", "recorded", "recorded"]
    assert values[1].value == Decimal("7.5")
    assert values[1].achieved is False


@time_machine.travel(datetime.datetime(2024, 11, 1, 12, 0, tzinfo=KIROV), tick=False)
def test_a_future_or_non_monitoring_date_is_not_recorded():
    with pytest.raises(ValueError, match="future"):
        snapshot_get_or_record(as_of=D)
    with pytest.raises(ValueError, match="monitoring"):
        snapshot_get_or_record(as_of=datetime.date(2024, 9, 1))
    assert not Snapshot.objects.exists()


@time_machine.travel(datetime.datetime(2025, 3, 3, 0, 30, tzinfo=KIROV), tick=False)
def test_the_beat_task_records_the_latest_monitoring_date():
    assert record_due_snapshot.delay().get() == "2024-12-20"
    assert set(Snapshot.objects.values_list("as_of", flat=True)) == {D}
    as_of, _values = snapshot_record_due()
    assert as_of == D
    assert Snapshot.objects.count() == 4


def test_beat_schedule_records_each_monitoring_date_at_05_50_before_the_summary(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["indicators-record-snapshot"]
    assert entry["task"] == "indicators.tasks.record_due_snapshot"
    schedule = entry["schedule"]
    assert schedule.hour == {5} and schedule.minute == {50}
    assert schedule.day_of_month == {20} and schedule.month_of_year == {6, 12}
    summary = settings.CELERY_BEAT_SCHEDULE["reports-analytic-summary"]["schedule"]
    assert (summary.hour, summary.minute) == ({6}, {0})


@time_machine.travel(datetime.datetime(2025, 1, 10, 12, 0, tzinfo=KIROV), tick=False)
def test_past_values_need_a_note_and_numerator_with_denominator_give_the_value():
    indicator = Indicator.objects.get(code="students_mentees")
    with pytest.raises(ValidationError) as error:
        past_value_enter(indicator=indicator, as_of=datetime.date(2020, 12, 20), value=Decimal("5"), note=" ")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        past_value_enter(indicator=indicator, as_of=datetime.date(2020, 9, 1), value=Decimal("5"), note="x")
    assert "as_of" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        past_value_enter(
            indicator=indicator,
            as_of=datetime.date(2020, 12, 20),
            numerator=1,
            denominator=3,
            value=Decimal("33"),
            note="x",
        )
    assert "value" in error.value.message_dict
    snapshot = past_value_enter(
        indicator=indicator, as_of=datetime.date(2020, 12, 20), numerator=1, denominator=3, note="отчёт за 2020"
    )
    assert (snapshot.value, snapshot.target, snapshot.achieved, snapshot.source) == (
        Decimal("33.3"),
        Decimal("10.0"),
        True,
        "entered",
    )
    with pytest.raises(ValidationError) as error:
        past_value_enter(indicator=indicator, as_of=datetime.date(2020, 12, 20), value=Decimal("1"), note="again")
    assert "as_of" in error.value.message_dict
    assert Snapshot.objects.get().value == Decimal("33.3")


# The command


def _run(*args):
    out = StringIO()
    call_command("kpi", *args, stdout=out)
    return out.getvalue()


def test_kpi_command_prints_exactly_the_spec_json():
    mentors = [student(birth_date=born(16)) for _ in range(8)]
    mentorship([student(categories=[category("outstanding")])], mentor=mentors[0])
    output = _run("--as-of", "2024-12-20", "--format", "json")
    assert output == (
        "{\n"
        '  "as_of": "2024-12-20",\n'
        '  "indicators": [\n'
        '    {"code": "students_mentees", "numerator": 1, "denominator": 1, "value": 100.0, "target": 70.0, '
        '"achieved": true},\n'
        '    {"code": "students_mentors", "numerator": 1, "denominator": 8, "value": 12.5, "target": 10.0, '
        '"achieved": true},\n'
        '    {"code": "young_teachers_mentees", "numerator": 0, "denominator": 0, "value": null, "target": 70.0, '
        '"achieved": null},\n'
        '    {"code": "organizations_mentors", "numerator": 0, "denominator": 0, "value": null, "target": 30.0, '
        '"achieved": null}\n'
        "  ]\n"
        "}\n"
    )
    assert json.loads(output)["indicators"][1]["value"] == 12.5


def test_kpi_command_year_means_20_december_and_no_date_means_today():
    assert json.loads(_run("--year", "2023"))["as_of"] == "2023-12-20"
    with time_machine.travel(datetime.datetime(2026, 3, 5, 12, 0, tzinfo=KIROV), tick=False):
        data = json.loads(_run())
    assert data["as_of"] == "2026-03-05"
    assert [i["target"] for i in data["indicators"]] == [None] * 4


def test_kpi_command_prints_a_russian_table():
    output = _run("--year", "2024", "--format", "table")
    assert "Показатели на 20.12.2024" in output
    assert "Наставники 15–18 лет" in output
    assert "нет данных" in output
    assert "70,0" in output


# The chart


def test_chart_is_an_accessible_svg_without_script():
    svg = plan_fact_svg(
        chart_id="c1", title="Наставники <15–18>", points=[(2023, Decimal("8"), Decimal("12.5")), (2024, 10, None)]
    )
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Наставники <15–18>"
    assert "2023: план 8,0%, факт 12,5%" in root.find(f"{ns}desc").text
    assert "2024: план 10,0%, факт —" in root.find(f"{ns}desc").text
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "12,5" in texts and "2024" in texts and "100%" in texts
    assert "script" not in svg.lower()


@pytest.mark.parametrize("as_of", ["0001-01-01", "2024-02-30", "20.12.2024"])
def test_kpi_command_refuses_an_impossible_or_out_of_range_date_in_russian(as_of):
    with pytest.raises(CommandError, match=r"Неверная дата «.*»: укажите её в формате ГГГГ-ММ-ДД"):
        _run("--as-of", as_of)


@pytest.mark.parametrize("year", ["0", "1", "99999", "двадцать"])
def test_kpi_command_refuses_an_impossible_year_in_russian(year):
    with pytest.raises(CommandError, match=f"Неверный год «{year}»"):
        _run("--year", year)
