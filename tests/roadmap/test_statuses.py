import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from roadmap import services
from roadmap.models import Activity, Occurrence
from roadmap.statuses import Status, derive_status

from .factories import ActivityFactory, LinkEvidenceFactory, OccurrenceFactory

D = datetime.date


@pytest.mark.parametrize(
    ("stored", "due_on", "expected"),
    [
        (Status.PLANNED, D(2021, 12, 21), Status.PLANNED),
        (Status.PLANNED, D(2021, 12, 20), Status.PLANNED),  # due today is not yet overdue
        (Status.PLANNED, D(2021, 12, 19), Status.OVERDUE),
        (Status.IN_PROGRESS, D(2021, 12, 19), Status.OVERDUE),
        (Status.IN_PROGRESS, D(2022, 1, 1), Status.IN_PROGRESS),
        (Status.DONE, D(2021, 1, 1), Status.DONE),
    ],
)
def test_status_is_derived_from_the_date_when_not_done(stored, due_on, expected):
    assert derive_status(stored, due_on, D(2021, 12, 20)) == expected


@pytest.mark.django_db
def test_an_occurrence_becomes_overdue_in_the_schools_time_zone():
    occurrence = Occurrence.objects.get(activity__number="3.1", due_on=D(2021, 12, 20))
    # 21:30 UTC on the 20th is already the 21st in Kirov (UTC+3); 20:30 UTC is still the 20th
    with time_machine.travel(datetime.datetime(2021, 12, 20, 21, 30, tzinfo=datetime.UTC), tick=False):
        assert occurrence.effective_status == Status.OVERDUE
    with time_machine.travel(datetime.datetime(2021, 12, 20, 20, 30, tzinfo=datetime.UTC), tick=False):
        assert occurrence.effective_status == Status.PLANNED


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 22, 10, 0), tick=False)
def test_marking_done_records_the_day_and_clears_overdue():
    occurrence = Occurrence.objects.get(activity__number="3.1", due_on=D(2021, 12, 20))
    assert occurrence.effective_status == Status.OVERDUE
    services.occurrence_update(occurrence=occurrence, status=Status.DONE, note="Справка готова")
    occurrence.refresh_from_db()
    assert occurrence.effective_status == Status.DONE
    assert occurrence.completed_on == D(2021, 12, 22)
    services.occurrence_update(occurrence=occurrence, status=Status.IN_PROGRESS)
    occurrence.refresh_from_db()
    assert occurrence.completed_on is None


@pytest.mark.django_db
def test_overdue_cannot_be_set_by_hand():
    occurrence = OccurrenceFactory()
    with pytest.raises(ValidationError):
        services.occurrence_update(occurrence=occurrence, status=Status.OVERDUE)


@pytest.mark.django_db
def test_changing_a_schedule_keeps_occurrences_with_recorded_work():
    activity = Activity.objects.get(number="3.1")
    kept = activity.occurrences.get(due_on=D(2021, 6, 20))
    LinkEvidenceFactory(occurrence=kept)
    services.activity_save(activity=activity, data={"schedule_days": [[12, 20]]})
    dues = list(activity.occurrences.values_list("due_on", flat=True))
    assert D(2021, 6, 20) in dues  # has evidence, so it stays
    assert D(2022, 6, 20) not in dues
    assert D(2022, 12, 20) in dues


@pytest.mark.django_db
def test_a_new_activity_unfolds_over_the_programme_years():
    activity = ActivityFactory.build(section=ActivityFactory().section)
    activity.section.programme.starts_on = None
    services.activity_save(
        activity=activity,
        data={"number": "9.99", "schedule_kind": "yearly_month", "schedule_month": 8, "schedule_year": None},
    )
    assert list(activity.occurrences.values_list("due_on", flat=True)) == [D(y, 8, 31) for y in range(2020, 2025)]


@pytest.mark.django_db
def test_changing_the_programme_years_adds_and_removes_occurrences():
    activity = Activity.objects.get(number="1.4")
    services.programme_update(programme=activity.section.programme, data={"end_year": 2025})
    assert activity.occurrences.filter(due_on=D(2025, 12, 31)).exists()
    services.programme_update(programme=activity.section.programme, data={"end_year": 2023})
    assert not activity.occurrences.filter(due_on__year__gte=2024).exists()


@pytest.mark.django_db
def test_an_activity_with_an_impossible_schedule_is_refused():
    activity = Activity.objects.get(number="3.2")
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=activity, data={"schedule_kind": "period", "schedule_year": None})
    assert "schedule_year" in error.value.message_dict
