"""The monitoring report of a date, built from the portal's own read models (a selector).

Every figure comes from where the portal's pages and open API take it — the KPI read model (api.selectors.
kpi_on: the values recorded for a monitoring date, else live), the registry's aggregates, the roadmap's
execution, the questionnaires' aggregates and growth (monitoring), the monitoring checklist — never from a
second formula. Only counts, shares and the school's own details leave the portal (exchange/document.py).
"""

import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone

from api.selectors import aggregates, checklist, kpi_on
from mentorship.selectors import school_get
from monitoring.selectors import AnswerFilter, growth_report

from .document import FORMAT, VERSION

QUESTIONNAIRES_SOURCE = "monitoring.questionnaires"


def _number(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def _school() -> dict[str, str]:
    school = school_get()
    if school is None:  # the lyceum is created by a data migration; an emptied table still gives a valid block
        return {
            "code": settings.HUB_SCHOOL_CODE,
            "name": "—",
            "short_name": "",
            "town": "",
            "district": "",
            "website": "",
        }
    return {
        "code": settings.HUB_SCHOOL_CODE,
        "name": school.name,
        "short_name": school.short_name,
        "town": school.town,
        "district": school.district,
        "website": school.website,
    }  # never the director, the address, the phone or the e-mail


def _kpi(as_of: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "code": value.code,
            "numerator": value.numerator or 0,
            "denominator": value.denominator or 0,
            "value": _number(value.value),
            "target": _number(value.target),
            "achieved": value.achieved,
        }
        for value in kpi_on(as_of=as_of)
    ]


def _questionnaires(source: dict[str, Any] | None, as_of: datetime.date) -> dict[str, Any]:
    """The monitoring source's items (open answers counted only, options left out: a label is free text of
    the questionnaire's author, and the counts per option are at the portal), and growth by form from
    monitoring's growth selector (the question's text comes with it)."""
    items = [
        {
            "questionnaire": item["questionnaire"],
            "purpose": item["purpose"],
            "role": item["role"],
            "key": item["key"],
            "kind": item["kind"],
            "question": item["question"],
            "answers": item["answers"],
            "mean": item["mean"],
            "yes_share": item["yes_share"],
        }
        for item in (source or {}).get("items", [])
    ]
    growth = growth_report(by="form", where=AnswerFilter(as_of=as_of))
    return {
        "items": items,
        "growth": [
            {
                "form": row.group,
                "key": row.key,
                "question": row.text,
                "compared": row.compared,
                "improved": row.improved,
                "entry_mean": _number(row.entry_mean),
                "exit_mean": _number(row.exit_mean),
                "change": _number(row.mean_change),
            }
            for row in growth.rows
        ],
        "missing_exit": growth.missing_exit_total,
        "compared_people": growth.compared_people,
    }


def _checklist(as_of: datetime.date) -> list[dict[str, Any]]:
    base = settings.PORTAL_URL.rstrip("/") + "/"
    return [
        {
            "code": item.code,
            "title": item.title,
            "present": item.present,
            "count": item.count,
            "links": [
                {"title": link["title"], "date": link.get("date"), "url": urljoin(base, link["url"])}
                for link in item.links
            ],
        }
        for item in checklist(as_of=as_of)
    ]


def report_build(*, as_of: datetime.date) -> dict[str, Any]:
    """The document of exchange/document.py for the monitoring date `as_of` (period: 1 January to it)."""
    start = datetime.date(as_of.year, 1, 1)
    data = aggregates(start=start, end=as_of, as_of=as_of)
    return {
        "format": FORMAT,
        "version": VERSION,
        "monitoring_date": as_of.isoformat(),
        "generated_at": timezone.localtime().replace(microsecond=0).isoformat(),
        "school": _school(),
        "period": {"start": start.isoformat(), "end": as_of.isoformat()},
        "kpi": _kpi(as_of),
        "participation": data["participation"],
        "pairs_by_status": data["pairs_by_status"],
        "movements": data["movements"],
        "plans": data["plans"],
        "roadmap": data["roadmap"],
        "questionnaires": _questionnaires(data["sources"].get(QUESTIONNAIRES_SOURCE), as_of),
        "checklist": _checklist(as_of),
    }
