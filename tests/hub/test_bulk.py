import datetime

import pytest
from django.db import connection

from exchange.document import FORMAT, KPI_CODES, VERSION, digest, empty_questionnaires
from hub.bulk import BulkLoadError, reports_load
from hub.models import Campaign, Organisation, Report, ReportIndicator
from hub.selectors import rollup

DATE = "2026-12-20"


def _document(code, date=DATE, numerator=3):
    return {
        "format": FORMAT,
        "version": VERSION,
        "monitoring_date": date,
        "generated_at": f"{date}T10:00:00+03:00",
        "school": {"code": code, "name": f"Школа {code}", "short_name": "", "town": "", "district": "", "website": ""},
        "period": {"start": f"{date[:4]}-01-01", "end": date},
        "kpi": [
            {"code": c, "numerator": numerator, "denominator": 10, "value": numerator * 10.0, "target": 25.0}
            | {"achieved": numerator * 10 >= 25}
            for c in KPI_CODES
        ],
        "participation": {"rows": [], "forms": [], "total": {"mentorships": 1, "mentors": 1, "mentees": 1}},
        "pairs_by_status": [],
        "movements": {"forms": [], "total": {"started": 0, "completed": 0, "terminated": 0}},
        "plans": {
            "forms": [],
            "total": dict.fromkeys(("plans", "items", "done", "in_progress", "planned", "overdue", "fully_done"), 0)
            | {"average_progress": None},
        },
        "roadmap": {"total": 0, "by_status": dict.fromkeys(("planned", "in_progress", "done", "overdue"), 0)},
        "questionnaires": empty_questionnaires(),
        "checklist": [],
    }


@pytest.fixture
def tree(db):
    region = Organisation.objects.create(kind="region", code="43", name="Кировская область")
    municipality = Organisation.objects.create(kind="municipality", code="43-1", name="Киров", parent=region)
    schools = [
        Organisation.objects.create(kind="school", code=f"s{i}", name=f"Школа {i}", parent=municipality)
        for i in range(5)
    ]
    return region, municipality, schools


def test_reports_load_writes_reports_and_their_indicator_rows_with_the_tree(tree, django_assert_num_queries):
    region, municipality, schools = tree
    documents = [_document(s.code) for s in schools]

    # Per batch, whatever its size: the schools, the campaigns, the existing reports, two inserts (on
    # PostgreSQL the keys, the two tables' column types and two COPYs) and, inside the test's transaction,
    # the batch's savepoint and its release.
    per_batch = 8 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(3 * per_batch):
        assert reports_load(documents=documents, batch=2) == 5

    assert Report.objects.count() == 5
    report = Report.objects.get(organisation=schools[0])
    assert report.digest == digest(documents[0])
    assert (report.revision, report.source, report.late) == (1, "push", False)
    rows = ReportIndicator.objects.filter(report=report)
    assert sorted(rows.values_list("code", flat=True)) == sorted(KPI_CODES)
    tree_ids = {(r.municipality_id, r.region_id, r.school_id) for r in rows}
    assert tree_ids == {(municipality.pk, region.pk, schools[0].pk)}
    total = rollup(monitoring_date=datetime.date(2026, 12, 20), organisation=region)[None]
    assert total.reports == 5
    assert (total.figures["students_mentees"].numerator, total.figures["students_mentees"].denominator) == (15, 50)


def test_reports_load_twice_with_the_same_documents_changes_nothing(tree):
    _region, _municipality, schools = tree
    documents = [_document(s.code) for s in schools]
    reports_load(documents=documents)
    before = list(Report.objects.order_by("pk").values_list("pk", "revision"))

    assert reports_load(documents=documents) == 0

    assert list(Report.objects.order_by("pk").values_list("pk", "revision")) == before
    assert ReportIndicator.objects.count() == 20


def test_reports_load_replaces_a_changed_report_with_the_next_revision(tree):
    region, _municipality, schools = tree
    reports_load(documents=[_document(s.code) for s in schools])

    assert reports_load(documents=[_document(schools[0].code, numerator=7), _document(schools[1].code)]) == 1

    report = Report.objects.get(organisation=schools[0])
    assert report.revision == 2
    assert report.document["kpi"][0]["numerator"] == 7
    assert Report.objects.count() == 5
    assert ReportIndicator.objects.count() == 20
    total = rollup(monitoring_date=datetime.date(2026, 12, 20), organisation=region)[None]
    assert total.figures["students_mentees"].numerator == 7 + 4 * 3


def test_reports_load_refuses_the_whole_batch_with_the_invalid_documents_position_in_russian(tree):
    _region, _municipality, schools = tree
    broken = _document(schools[3].code)
    broken["kpi"][0]["numerator"] = -1
    documents = [_document(s.code) for s in schools[:3]] + [broken, _document(schools[4].code)]

    with pytest.raises(BulkLoadError) as caught:
        reports_load(documents=documents, batch=2)

    # The first batch (reports 1–2) is written; the second (3–4) holds the broken report 4: nothing of it.
    assert caught.value.loaded == 2
    assert Report.objects.count() == 2
    assert ReportIndicator.objects.count() == 8
    assert caught.value.messages == ["Отчёт 4: kpi/0/numerator — значение меньше 0"]


def test_reports_load_refuses_an_unknown_school_and_a_repeated_school_and_date(tree):
    _region, _municipality, schools = tree
    documents = [_document("nowhere"), _document(schools[0].code), _document(schools[0].code, numerator=5)]

    with pytest.raises(BulkLoadError) as caught:
        reports_load(documents=documents)

    assert caught.value.loaded == 0
    assert caught.value.messages == [
        "Отчёт 1: на хабе нет школы с кодом nowhere.",
        "Отчёт 3: та же школа и дата мониторинга, что в отчёте 2.",
    ]
    assert not Report.objects.exists()


def test_reports_load_does_not_take_a_region_or_municipality_code_for_a_school(tree):
    with pytest.raises(BulkLoadError):
        reports_load(documents=[_document("43-1")])


def test_reports_load_joins_the_campaign_of_the_date_and_keeps_the_source(tree):
    _region, _municipality, schools = tree
    campaign = Campaign.objects.create(
        monitoring_date=datetime.date(2026, 12, 20),
        opens_on=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 25),
        closes_on=datetime.date(2027, 1, 31),
    )
    received = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)

    reports_load(
        documents=[_document(schools[0].code), _document(schools[1].code, date="2025-12-20")],
        source="excel",
        received_at=received,
    )

    current = Report.objects.get(monitoring_date=datetime.date(2026, 12, 20))
    assert (current.campaign, current.source, current.received_at, current.late) == (campaign, "excel", received, False)
    assert Report.objects.get(monitoring_date=datetime.date(2025, 12, 20)).campaign is None


def test_reports_load_refuses_an_unknown_source(tree):
    with pytest.raises(ValueError):
        reports_load(documents=[], source="carrier pigeon")


def test_reports_load_of_nothing_writes_nothing(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reports_load(documents=iter([])) == 0
