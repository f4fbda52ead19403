"""The demo's history (`seed_demo_history`): snapshots and approved summaries for every past monitoring date."""

import datetime
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.history import past_monitoring_dates
from indicators.models import Indicator, Snapshot
from reports.models import AnalyticSummary
from tests.reports.factories import pdftotext_pages

KIROV = zoneinfo.ZoneInfo("Europe/Kirov")

TODAY = datetime.date(2023, 3, 1)
FROZEN = datetime.datetime(2023, 3, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
PAST = [datetime.date(y, m, 20) for y in (2020, 2021, 2022) for m in (6, 12)]
# The roadmap's programme starts in December 2020: its summaries begin there.
SUMMARY_DATES = PAST[1:]


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """make run's demo steps on a frozen «today», rolled back afterwards."""
    with django_db_blocker.unblock(), time_machine.travel(FROZEN, tick=False), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        call_command("seed_demo_roadmap", "--if-empty", stdout=out)
        call_command("create_demo_users", stdout=out)
        call_command("seed_demo_history", "--if-empty", stdout=out)
        call_command("seed_demo_history", "--if-empty", stdout=out)  # make run again: nothing more
        # The last approved PDF's first page, read while the media folder it was written to is in force.
        last = AnalyticSummary.objects.order_by("as_of").last()
        first_page = pdftotext_pages(Path(last.pdf.path))[0] if last and last.pdf else ""
        yield {"output": out.getvalue(), "first_page": first_page}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_history_is_refused_outside_the_demo_lyceum():
    with pytest.raises(CommandError, match="не демо-лицей"):
        call_command("seed_demo_history")
    out = StringIO()
    call_command("seed_demo_history", "--if-empty", stdout=out)
    assert "не демо-лицей" in out.getvalue()
    assert not Snapshot.objects.exists() and not AnalyticSummary.objects.exists()


def test_past_monitoring_dates_are_20_june_and_20_december_from_2020_before_today():
    assert past_monitoring_dates(today=TODAY) == PAST
    assert past_monitoring_dates(today=datetime.date(2022, 12, 20))[-1] == datetime.date(2022, 6, 20)


def test_every_past_monitoring_date_has_a_recorded_snapshot_of_every_indicator(history, db):
    indicators = Indicator.objects.count()
    assert indicators == 4
    by_date = {}
    for snapshot in Snapshot.objects.all():
        by_date.setdefault(snapshot.as_of, []).append(snapshot)
    assert sorted(by_date) == PAST
    assert all(len(rows) == indicators for rows in by_date.values())
    assert {s.source for s in Snapshot.objects.all()} == {Snapshot.Source.RECORDED}
    # The lyceum had pairs by December 2020: the values are not all zero.
    assert any(s.value for s in by_date[datetime.date(2022, 12, 20)])


def test_every_summary_of_the_programme_is_generated_with_its_pdf_and_approved_by_the_director(history, db):
    summaries = list(AnalyticSummary.objects.select_related("approved_by", "author").order_by("as_of"))
    assert [s.as_of for s in summaries] == SUMMARY_DATES
    for summary in summaries:
        assert summary.status == AnalyticSummary.Status.DONE
        # The PDF was written (to the media folder of the module's setup).
        assert summary.pdf.name.endswith(".pdf") and summary.page_count >= 3
        assert summary.kpi["as_of"] == summary.as_of.isoformat()
        assert summary.conclusions and summary.decisions
        assert summary.author.username == "curator"
        assert summary.approved_by.username == "director"
        # Approved a week after its date, as a real school would, not all on the day of seeding.
        assert summary.approved_at.date() == summary.as_of + datetime.timedelta(days=7)
        # Laid out again after the approval: the signed document carries «УТВЕРЖДАЮ» with that date.
        assert summary.generated_at > summary.approved_at
    last = summaries[-1]
    assert "УТВЕРЖДАЮ" in history["first_page"]
    assert f"{last.approved_at.astimezone(KIROV):%d.%m.%Y}" in history["first_page"]


def test_running_make_run_again_changes_nothing(history, db):
    assert "История уже есть" in history["output"]
    assert AnalyticSummary.objects.count() == len(SUMMARY_DATES)
