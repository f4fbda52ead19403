"""The open API's reads. Every figure comes from the portal's own read models — the KPI read model and
plan/fact (indicators.selectors), the roadmap's execution (roadmap.selectors), the summary's registry
aggregates (mentorship.selectors) — never from a second formula; this module only picks and shapes.
"""

import datetime
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from config.integrations import ChecklistItem, aggregate_sources, checklist_sources
from indicators.selectors import (
    IndicatorValue,
    dashboard_years,
    kpi_values,
    plan_fact_by_year,
    snapshot_values,
)
from mentorship.models import Mentorship, MentorshipForm, Person
from mentorship.selectors import report_movements, report_participation, report_plan_progress
from roadmap.models import Occurrence, Programme
from roadmap.selectors import occurrence_status_on, programmes, roadmap_execution

from .models import Token
from .services import key_digest, token_cache_key, token_cache_seconds


def token_for_key(*, key: str) -> Token | None:
    """The active token of this key, or None (unknown or revoked). One query — or none: with a shared cache
    (Redis) and the API's cache on, an active token is kept TOKEN_CACHE_SECONDS in the cache (one cache
    read instead of the query, bench/api_kpi.py; services.token_cache_seconds); revoking it removes it from
    the cache at once (services.token_revoke). An unknown key is never kept."""
    digest = key_digest(key)
    seconds = token_cache_seconds()
    if seconds > 0:
        cached = cache.get(token_cache_key(digest))
        if isinstance(cached, Token):
            return cached
    token = Token.objects.filter(digest=digest, revoked_at__isnull=True).order_by().first()
    if token is not None and seconds > 0:
        cache.set(token_cache_key(digest), token, seconds)
    return token


# KPIs ----------------------------------------------------------------------------------------------------


def kpi_on(*, as_of: datetime.date) -> list[IndicatorValue]:
    """The four indicators on a date: the values recorded for it (a past monitoring date), else live.

    Kept API_CACHE_SECONDS (60 by default; 0 = not kept) in the cache per date: an integration polling the
    figures does not recompute them on every request (bench/api_kpi.py)."""
    seconds = int(settings.API_CACHE_SECONDS)
    if seconds <= 0:
        return _kpi_on(as_of)
    values = cache.get_or_set(f"api-kpi-{as_of.isoformat()}", lambda: _kpi_on(as_of), seconds)
    return cast(list[IndicatorValue], values)


def _kpi_on(as_of: datetime.date) -> list[IndicatorValue]:
    recorded = snapshot_values(days=[as_of]).get(as_of, {})
    live = kpi_values(days=[as_of])[as_of] if len(recorded) < 4 else {}
    codes = list(live) or list(recorded)
    return [recorded.get(code) or live[code] for code in codes]


def kpi_by_year(*, today: datetime.date, year: int | None = None) -> list[dict[str, Any]]:
    """Plan and fact by year for each indicator (the dashboard's years: from the programme's first to the
    last planned), optionally one year."""
    plan_fact = plan_fact_by_year(today=today, years=dashboard_years, mid_year=True)
    return [
        {
            "code": indicator.code,
            "short_name": indicator.short_name,
            "years": [
                {
                    "year": row.year,
                    "target": row.target,
                    "mid_year": row.mid_year,
                    "year_end": row.year_end,
                    "is_today": row.is_today,
                    "achieved": row.achieved,
                }
                for row in plan_fact.rows[indicator.code]
                if year is None or row.year == year
            ],
        }
        for indicator in plan_fact.indicators
    ]


# Roadmap -------------------------------------------------------------------------------------------------


def roadmap_occurrences(
    *, year: int | None = None, changed_since: datetime.datetime | None = None
) -> QuerySet[Occurrence]:
    """Every dated stage of every roadmap period, with its activity, section and period, in order."""
    queryset = (
        Occurrence.objects.select_related("activity", "activity__section", "activity__section__programme")
        .annotate(evidence_count=Count("evidence"))
        .order_by("due_on", "activity__section__position", "activity__position", "pk")
    )
    if year is not None:
        queryset = queryset.filter(due_on__year=year)
    if changed_since is not None:
        queryset = queryset.filter(updated_at__gte=changed_since)
    return queryset


def occurrence_status(occurrence: Occurrence, as_of: datetime.date) -> str:
    return occurrence_status_on(occurrence, as_of).value


def roadmap_periods() -> list[Programme]:
    return programmes()


def roadmap_execution_of(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    execution = roadmap_execution(start=start, end=end, as_of=as_of)
    return {"total": execution.total, "by_status": execution.counts}


# Aggregates ----------------------------------------------------------------------------------------------


def pairs_by_status(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Mentorships started by `end` and not ended before `start`, counted by form, role model and status
    (drafts and cancelled ones included: the status says which). One query."""
    rows = (
        Mentorship.objects.filter(start_date__lte=end)
        .exclude(end_date__lt=start)
        .values("form__order", "form__name", "role_model__order", "role_model__name", "status")
        .annotate(mentorships=Count("pk", distinct=True))
        .order_by("form__order", "role_model__order", "role_model__name", "status")
    )
    return [
        {
            "form": r["form__name"],
            "role_model": r["role_model__name"] or "",
            "status": r["status"],
            "mentorships": r["mentorships"],
        }
        for r in rows
    ]


def aggregates(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Counts only: participation by form and role model, movements, plan execution, pairs by status,
    roadmap execution, and what the registered sources add (the questionnaires, when they come)."""
    movements = report_movements(start, end)
    plans = report_plan_progress(start, end, as_of)
    strip = ("sum",)
    return {
        "participation": report_participation(start, end),
        "pairs_by_status": pairs_by_status(start=start, end=end),
        # The early terminations' list names people: only the counts leave the portal.
        "movements": {"forms": movements["forms"], "total": movements["total"]},
        "plans": {
            "forms": [{k: v for k, v in row.items() if k not in strip} for row in plans["forms"]],
            "total": {k: v for k, v in plans["total"].items() if k not in strip and k != "form"},
        },
        "roadmap": roadmap_execution_of(start=start, end=end, as_of=as_of),
        "sources": {name: source(start, end, as_of) for name, source in sorted(aggregate_sources().items())},
    }


# The monitoring checklist --------------------------------------------------------------------------------


def _portal_items(as_of: datetime.date) -> list[ChecklistItem]:
    counted = Mentorship.objects.counted_in(as_of, as_of)
    counts = counted.aggregate(
        pairs=Count("pk", distinct=True),
        mentors=Count("mentor", distinct=True),
        mentees=Count("mentees", distinct=True),
    )
    period = Programme.objects.filter(start_year__lte=as_of.year, end_year__gte=as_of.year).exists()
    return [
        ChecklistItem(code="roadmap", title=_("Roadmap kept in the portal"), present=period, count=int(period)),
        ChecklistItem(
            code="mentors_database",
            title=_("Database of mentors"),
            present=counts["mentors"] > 0,
            count=counts["mentors"],
        ),
        ChecklistItem(
            code="mentees_database",
            title=_("Database of mentees"),
            present=counts["mentees"] > 0,
            count=counts["mentees"],
        ),
        ChecklistItem(
            code="pairs", title=_("Mentoring pairs and groups"), present=counts["pairs"] > 0, count=counts["pairs"]
        ),
    ]


# Every line the checklist has, whether or not a source fills it (a missing source: the line is absent).
CHECKLIST_CODES = (
    "regulation",
    "orders",
    "roadmap_document",
    "programmes",
    "roadmap",
    "mentors_database",
    "mentees_database",
    "pairs",
)


def checklist(*, as_of: datetime.date) -> list[ChecklistItem]:
    """The monitoring checklist on `as_of`, every line in CHECKLIST_CODES' order, absent where nothing fills it."""
    found = {item.code: item for item in _portal_items(as_of)}
    for _name, source in sorted(checklist_sources().items()):
        found.update({item.code: item for item in source(as_of)})
    return [found.get(code) or ChecklistItem(code=code, title=code, present=False) for code in CHECKLIST_CODES]


# The registry (scope `registry` only, every read journaled) ----------------------------------------------


def registry_people(*, kind: str | None = None, changed_since: datetime.datetime | None = None) -> QuerySet[Person]:
    """People without categories, birth dates or contacts; purged records left out."""
    queryset = (
        Person.objects.filter(purged_at__isnull=True)
        .select_related("organization")
        .only(
            "pk",
            "kind",
            "roster_id",
            "last_name",
            "first_name",
            "patronymic",
            "grade",
            "class_letter",
            "position",
            "organization__name",
            "date_joined",
            "date_left",
            "updated_at",
        )
        .order_by("pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if changed_since is not None:
        queryset = queryset.filter(updated_at__gte=changed_since)
    return queryset


def registry_pairs(*, changed_since: datetime.datetime | None = None) -> QuerySet[Mentorship]:
    """Mentorships with their form, role model, mentor and mentees by record number, without texts."""
    queryset = (
        Mentorship.objects.select_related("form", "role_model")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.only("pk").order_by("pk")))
        .only(
            "pk",
            "roster_id",
            "form__name",
            "role_model__name",
            "mentor_id",
            "status",
            "start_date",
            "planned_end_date",
            "end_date",
            "updated_at",
        )
        .order_by("pk")
    )
    if changed_since is not None:
        queryset = queryset.filter(updated_at__gte=changed_since)
    return queryset


def forms() -> list[MentorshipForm]:
    return list(MentorshipForm.objects.order_by("order"))
