"""Hub organisations and reports for the dashboards' tests (hubviews): reports are made straight through
the models and hub.figures.indicator_rows, with documents that pass exchange.document.validate_document."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from exchange.document import FORMAT, KPI_CODES, VERSION, digest, validate_document
from hub.figures import indicator_rows
from hub.models import Member, Organisation, Report, ReportIndicator
from hub.selectors import share
from portal.roles import HUB_ANALYST
from tests.factories import UserFactory

DATE = datetime.date(2026, 12, 20)


def organisation(kind, code, name=None, parent=None, **kwargs):
    return Organisation.objects.create(kind=kind, code=code, name=name or code, parent=parent, **kwargs)


def region(code="43", name="Кировская область"):
    return organisation(Organisation.Kind.REGION, code, name)


def municipality(code, parent, name=None):
    return organisation(Organisation.Kind.MUNICIPALITY, code, name, parent)


def school(code, parent, name=None, **kwargs):
    return organisation(Organisation.Kind.SCHOOL, code, name, parent, **kwargs)


def analyst(organisation=None, **kwargs):
    """A user of the «Аналитик мониторинга» group, a member of `organisation` (none: no Member)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=HUB_ANALYST))
    if organisation is not None:
        Member.objects.create(user=user, organisation=organisation)
    return user


def sample_document(*, code="school-1", name="МКОУ СОШ № 1", monitoring_date=DATE, figures=None, checklist=None):
    """A valid monitoring report. `figures`: four (numerator, denominator, target) for the indicators."""
    figures = figures or [(1, 4, 50), (1, 10, 10), (1, 2, 40), (0, 5, None)]
    kpi = []
    for kpi_code, (numerator, denominator, target) in zip(KPI_CODES, figures, strict=True):
        value = share(numerator, denominator)
        kpi.append(
            {
                "code": kpi_code,
                "numerator": numerator,
                "denominator": denominator,
                "value": None if value is None else float(value),
                "target": target,
                "achieved": None if value is None or target is None else value >= Decimal(target),
            }
        )
    people = {"mentorships": 3, "mentors": 3, "mentees": 4}
    moves = {"started": 2, "completed": 1, "terminated": 0}
    plans = {
        "plans": 3,
        "items": 12,
        "done": 5,
        "in_progress": 4,
        "planned": 2,
        "overdue": 1,
        "average_progress": 45,
        "fully_done": 1,
    }
    if checklist is None:
        checklist = [
            {
                "code": "order",
                "title": "Приказ о внедрении целевой модели",
                "present": True,
                "count": 1,
                "links": [{"title": "Приказ № 12", "date": "2026-09-01", "url": "https://school.example/docs/1"}],
            },
            {"code": "roadmap", "title": "Дорожная карта", "present": False, "count": 0, "links": []},
        ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "monitoring_date": monitoring_date.isoformat(),
        "generated_at": f"{monitoring_date.isoformat()}T09:00:00+03:00",
        "school": {
            "code": code,
            "name": name,
            "short_name": "",
            "town": "Вятские Поляны",
            "district": "Вятскополянский район",
            "website": "https://school.example",
        },
        "period": {"start": f"{monitoring_date.year}-01-01", "end": monitoring_date.isoformat()},
        "kpi": kpi,
        "participation": {
            "rows": [{"form": "Ученик — ученик", "role_model": "Успевающий — неуспевающий", **people}],
            "forms": [{"form": "Ученик — ученик", **people}],
            "total": people,
        },
        "pairs_by_status": [
            {"form": "Ученик — ученик", "role_model": "Успевающий — неуспевающий", "status": "active", "mentorships": 3}
        ],
        "movements": {"forms": [{"form": "Ученик — ученик", **moves}], "total": moves},
        "plans": {"forms": [{"form": "Ученик — ученик", **plans}], "total": plans},
        "roadmap": {"total": 10, "by_status": {"planned": 3, "in_progress": 2, "done": 4, "overdue": 1}},
        "questionnaires": {
            "items": [
                {
                    "questionnaire": "Удовлетворённость наставляемого",
                    "purpose": "satisfaction",
                    "role": "mentee",
                    "key": "q1",
                    "kind": "scale",
                    "question": "Насколько полезны встречи?",
                    "answers": 4,
                    "mean": 8.25,
                    "yes_share": None,
                }
            ],
            "growth": [
                {
                    "form": "Ученик — ученик",
                    "key": "q1",
                    "question": "Уверенность в себе",
                    "compared": 2,
                    "improved": 1,
                    "entry_mean": 5.0,
                    "exit_mean": 7.5,
                    "change": 2.5,
                }
            ],
            "missing_exit": 1,
            "compared_people": 2,
        },
        "checklist": checklist,
    }
    errors = validate_document(document)
    assert not errors, errors
    return document


def report(school_org, *, monitoring_date=DATE, figures=None, checklist=None, **kwargs):
    """A stored report of `school_org` with its indicator rows (as the reception stores one)."""
    document = sample_document(
        code=school_org.code,
        name=school_org.name,
        monitoring_date=monitoring_date,
        figures=figures,
        checklist=checklist,
    )
    stored = Report.objects.create(
        organisation=school_org,
        monitoring_date=monitoring_date,
        version=VERSION,
        document=document,
        digest=digest(document),
        received_at=kwargs.pop("received_at", datetime.datetime(2026, 12, 20, 7, 0, tzinfo=datetime.UTC)),
        **kwargs,
    )
    loaded = Organisation.objects.select_related("parent__parent").get(pk=school_org.pk)
    ReportIndicator.objects.bulk_create(indicator_rows(report=stored, school=loaded, document=document))
    return stored
