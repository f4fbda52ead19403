import datetime
from decimal import Decimal

import pytest

from exchange.document import KPI_CODES
from hub.figures import indicator_rows
from hub.models import Organisation, Report, ReportIndicator
from hub.selectors import rollup, share

DATE = datetime.date(2026, 12, 20)


def _school(code, municipality):
    return Organisation.objects.create(kind=Organisation.Kind.SCHOOL, code=code, name=code, parent=municipality)


def _report(school, figures):
    document = {
        "kpi": [
            {
                "code": code,
                "numerator": n,
                "denominator": d,
                "value": float(share(n, d) or 0) if d else None,
                "target": t,
                "achieved": None,
            }
            for code, (n, d, t) in zip(KPI_CODES, figures, strict=True)
        ]
    }
    report = Report.objects.create(
        organisation=school,
        monitoring_date=DATE,
        version=1,
        document=document,
        digest="0" * 64,
        received_at="2026-12-20T10:00Z",
    )
    school = Organisation.objects.select_related("parent__parent").get(pk=school.pk)
    ReportIndicator.objects.bulk_create(indicator_rows(report=report, school=school, document=document))


@pytest.mark.django_db
def test_rollup_sums_numerators_and_denominators_by_municipality_and_in_total(django_assert_num_queries):
    region = Organisation.objects.create(kind=Organisation.Kind.REGION, code="43", name="Кировская область")
    north = Organisation.objects.create(kind=Organisation.Kind.MUNICIPALITY, code="43-1", name="Север", parent=region)
    south = Organisation.objects.create(kind=Organisation.Kind.MUNICIPALITY, code="43-2", name="Юг", parent=region)
    _report(_school("a", north), [(1, 3, 50), (2, 10, None), (0, 0, 70), (1, 4, 30)])
    _report(_school("b", north), [(2, 3, 70), (3, 10, None), (1, 1, 70), (0, 4, 30)])
    _report(_school("c", south), [(5, 10, None), (0, 10, 10), (0, 0, None), (2, 2, 30)])

    with django_assert_num_queries(1):
        result = rollup(monitoring_date=DATE, organisation=region)

    assert result[north.pk].reports == 2
    assert result[None].reports == 3
    mentees = result[north.pk].figures["students_mentees"]
    assert (mentees.numerator, mentees.denominator, mentees.value) == (3, 6, Decimal("50.0"))
    assert mentees.target == Decimal("60.0")  # (50 × 3 + 70 × 3) / 6
    total = result[None].figures["students_mentees"]
    assert (total.numerator, total.denominator) == (8, 16)
    assert total.target == Decimal("60.0")  # the school without a target does not weigh in the plan
    assert result[None].figures["young_teachers_mentees"].value == Decimal("100.0")
    assert result[south.pk].figures["young_teachers_mentees"].value is None
    by_school = rollup(monitoring_date=DATE, organisation=north)
    assert set(by_school) == {None, *Organisation.objects.filter(parent=north).values_list("pk", flat=True)}
