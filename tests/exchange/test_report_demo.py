"""The demo lyceum's report (`seed_demo` and its questionnaire answers): a valid document with every part."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from demo.monitoring import demo_answers_record
from exchange.document import KPI_CODES, validate_document
from exchange.report import report_build

DEMO_DAY = datetime.date(2026, 12, 20)
DEMO_FROZEN = datetime.datetime(2026, 12, 21, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker):
    """The demo lyceum (`seed_demo`) and its report for 20.12.2026; rolled back afterwards."""
    with django_db_blocker.unblock(), time_machine.travel(DEMO_FROZEN, tick=False), transaction.atomic():
        call_command("seed_demo", "--if-empty", stdout=StringIO())
        demo_answers_record(today=DEMO_FROZEN.date())
        from django.conf import settings

        settings.HUB_SCHOOL_CODE = "demo-licey"
        yield report_build(as_of=DEMO_DAY)
        settings.HUB_SCHOOL_CODE = ""
        transaction.set_rollback(True)


def test_the_demo_lyceums_report_is_a_valid_document(demo_report, db):
    assert validate_document(demo_report) == []
    assert demo_report["monitoring_date"] == "2026-12-20"
    assert demo_report["period"] == {"start": "2026-01-01", "end": "2026-12-20"}


def test_the_demo_report_carries_every_part_with_figures(demo_report, db):
    assert demo_report["participation"]["total"]["mentorships"] > 0
    assert demo_report["pairs_by_status"]
    assert demo_report["plans"]["total"]["plans"] > 0
    assert set(demo_report["roadmap"]["by_status"]) == {"planned", "in_progress", "done", "overdue"}
    assert demo_report["questionnaires"]["items"]
    assert demo_report["questionnaires"]["growth"] and demo_report["questionnaires"]["missing_exit"] > 0
    assert [row["code"] for row in demo_report["kpi"]] == list(KPI_CODES)
    assert len(demo_report["checklist"]) == 8
