import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from config.celery import app as celery_app
from reports.models import AnalyticSummary

KIROV = zoneinfo.ZoneInfo("Europe/Kirov")
ENTRY = settings.CELERY_BEAT_SCHEDULE["reports-analytic-summary"]


def test_beat_entry_runs_the_due_summary_task():
    assert ENTRY["task"] == "reports.tasks.generate_due_summary"
    assert ENTRY["task"] in celery_app.tasks
    assert settings.CELERY_TIMEZONE == "Europe/Kirov"


def test_beat_fires_on_20_june_and_20_december_at_six_in_kirov_and_nowhere_else():
    schedule = ENTRY["schedule"]
    schedule.app = celery_app
    fired = []
    moment = datetime.datetime(2025, 1, 1, 0, 0, tzinfo=KIROV)
    end = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=KIROV)
    step = datetime.timedelta(minutes=30)
    try:
        while moment < end:
            current = moment
            schedule.nowfun = lambda current=current: current
            if schedule.is_due(current - step).is_due:
                fired.append(current)
            moment += step
    finally:
        schedule.nowfun = None
    assert fired == [
        datetime.datetime(2025, 6, 20, 6, 0, tzinfo=KIROV),
        datetime.datetime(2025, 12, 20, 6, 0, tzinfo=KIROV),
        datetime.datetime(2026, 6, 20, 6, 0, tzinfo=KIROV),
        datetime.datetime(2026, 12, 20, 6, 0, tzinfo=KIROV),
    ]


@pytest.mark.django_db
def test_the_beat_task_queues_the_summary_of_the_day_once(django_capture_on_commit_callbacks):
    from reports.tasks import generate_due_summary

    with time_machine.travel(datetime.datetime(2025, 6, 20, 6, 0, tzinfo=KIROV), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as first:
            assert generate_due_summary.apply().get() == "2025-06-20"
        with django_capture_on_commit_callbacks(execute=True) as second:
            assert generate_due_summary.apply().get() == "2025-06-20"
    # The first run queues the summary (which, generated, announces «summary_ready»); the second queues nothing.
    assert len(first) >= 1 and len(second) == 0
    summary = AnalyticSummary.objects.get()
    assert summary.as_of == datetime.date(2025, 6, 20)
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    assert summary.author is None


@pytest.mark.django_db
def test_command_generates_a_date_and_prints_the_pdf_path(capsys):
    call_command("generate_summary", "--date", "2024-12-20")
    summary = AnalyticSummary.objects.get(as_of=datetime.date(2024, 12, 20))
    out = capsys.readouterr().out.strip()
    assert out == str(settings.PRIVATE_MEDIA_ROOT / "reports" / "spravka-2024-12-20.pdf")
    first_time = summary.generated_at
    call_command("generate_summary", "--date", "2024-12-20")
    summary.refresh_from_db()
    assert summary.generated_at == first_time  # done: not generated again
    call_command("generate_summary", "--date", "2024-12-20", "--regenerate")
    summary.refresh_from_db()
    assert summary.generated_at > first_time
    assert AnalyticSummary.objects.count() == 1


@pytest.mark.django_db
def test_command_without_a_date_catches_up_the_missed_monitoring_dates(capsys):
    # The lyceum's roadmap starts on 07.12.2020; on 01.07.2021 two dates have passed.
    with time_machine.travel(datetime.datetime(2021, 7, 1, 12, 0, tzinfo=KIROV), tick=False):
        call_command("generate_summary", "--date", "2020-12-20")
        capsys.readouterr()
        call_command("generate_summary")
        assert capsys.readouterr().out.strip().endswith("spravka-2021-06-20.pdf")
        call_command("generate_summary")
        assert capsys.readouterr().out.strip() == ""
    assert sorted(AnalyticSummary.objects.values_list("as_of", "status")) == [
        (datetime.date(2020, 12, 20), "done"),
        (datetime.date(2021, 6, 20), "done"),
    ]


@pytest.mark.django_db
def test_command_refuses_a_wrong_or_future_date():
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("generate_summary", "--date", "20.12.2024")
    with pytest.raises(CommandError, match="ещё не наступила"):
        call_command("generate_summary", "--date", "2999-12-20")


@pytest.mark.django_db
def test_command_refuses_an_out_of_range_date():
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("generate_summary", "--date", "0001-01-01")
    assert not AnalyticSummary.objects.exists()
