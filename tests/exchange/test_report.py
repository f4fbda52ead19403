"""The report of a monitoring date: the portal's own figures, a valid document, public links made absolute."""

import datetime
import json

import pytest

from exchange.document import canonical_bytes, validate_document
from exchange.report import report_build
from indicators.selectors import kpi_values
from mentorship.selectors import report_participation, school_get
from tests.factories import MentorshipFactory, StudentFactory
from tests.public.factories import DocumentFactory

D = datetime.date(2024, 12, 20)
DEMO_DAY = datetime.date(2026, 12, 20)
DEMO_FROZEN = datetime.datetime(2026, 12, 21, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


@pytest.fixture
def registry(db, settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    settings.PORTAL_URL = "https://licey.example.ru/"
    MentorshipFactory(start_date=datetime.date(2024, 9, 1))
    MentorshipFactory(start_date=datetime.date(2024, 10, 1), status="completed", end_date=datetime.date(2024, 12, 1))
    StudentFactory()


def test_the_kpis_are_the_read_models_numerators_and_denominators(registry):
    document = report_build(as_of=D)
    expected = kpi_values(days=[D])[D]
    assert [(r["code"], r["numerator"], r["denominator"]) for r in document["kpi"]] == [
        (v.code, v.numerator or 0, v.denominator or 0) for v in expected.values()
    ]
    assert document["kpi"][0]["numerator"] == 2
    assert all(isinstance(r["value"], float | None) for r in document["kpi"])


def test_the_participation_is_the_registrys_own(registry):
    document = report_build(as_of=D)
    assert document["participation"] == report_participation(datetime.date(2024, 1, 1), D)
    assert validate_document(document) == []


def test_the_school_block_has_the_hub_code_and_no_director(registry):
    school = school_get()
    document = report_build(as_of=D)
    assert document["school"]["code"] == "licey-1"
    assert document["school"]["name"] == school.name
    assert set(document["school"]) == {"code", "name", "short_name", "town", "district", "website"}
    assert school.director not in canonical_bytes(document).decode()


def test_checklist_links_are_absolute_with_the_portal_url(registry):
    DocumentFactory(title="Положение о наставничестве", date=datetime.date(2024, 2, 1))
    document = report_build(as_of=D)
    regulation = next(item for item in document["checklist"] if item["code"] == "regulation")
    assert regulation["present"] and regulation["count"] == 1
    assert regulation["links"][0]["url"].startswith("https://licey.example.ru/")
    assert regulation["links"][0]["date"] == "2024-02-01"
    assert validate_document(document) == []


def test_the_document_is_plain_json(registry):
    document = report_build(as_of=D)
    assert json.loads(canonical_bytes(document)) == document
