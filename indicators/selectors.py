"""The KPI read model: the four indicators as docs/indicators.md states them, read in a fixed number of queries.

- `kpi_values(*, days)` — live values from the registry, {day: {code: IndicatorValue}} in the spec's order;
- `kpi_compute(*, as_of)` — the same for one date, a list of four `IndicatorValue`;
- `snapshot_values(*, days)` — what is recorded for these dates, {day: {code: IndicatorValue}};
- `plan_fact_by_year(...)` — plan vs fact per indicator and year: the value recorded for a past monitoring
  date, else the live value from the registry, and today's value for the current year. The director's
  dashboard, the analytic summary and the public page all read it;
- `dashboard_data(*, today)` and `drilldown_data(...)` — the dashboard and the drill-down of one value.

The writes (snapshots, an administrator's past values, targets, enterprise counts) are in services.py.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mentorship.dates import (
    MONITORING_DAYS,
    is_monitoring_date,
    last_monitoring_date,
    monitoring_dates,
    parse_iso_date,
    year_date,
)
from mentorship.selectors import (
    KPI_CODES,
    ORGANIZATIONS_MENTORS,
    STUDENTS_MENTEES,
    STUDENTS_MENTORS,
    Planned,
    full_years,
    kpi_counts,
    kpi_dashboard_counters,
    kpi_members,
)
from roadmap.selectors import programmes

from .models import EnterpriseCount, Indicator, Snapshot, Target

__all__ = [
    "ENTERED",
    "KPI_CODES",
    "LIVE",
    "MONITORING_DAYS",
    "ORGANIZATIONS_MENTORS",
    "RECORDED",
    "HistoryEntry",
    "IndicatorValue",
    "PlanFact",
    "Projection",
    "TargetsRow",
    "YearRow",
    "dashboard_data",
    "dashboard_years",
    "drilldown_data",
    "first_year",
    "is_achieved",
    "is_monitoring_date",
    "kpi_compute",
    "kpi_projection",
    "kpi_values",
    "last_monitoring_date",
    "monitoring_dates",
    "percent",
    "plan_fact_by_year",
    "snapshot_values",
    "targets_history",
    "targets_table",
    "value_from_snapshot",
    "year_date",
    "years_before",
    "years_so_far",
]

LIVE = "live"
RECORDED = Snapshot.Source.RECORDED
ENTERED = Snapshot.Source.ENTERED
STUDENT_CODES = (STUDENTS_MENTEES, STUDENTS_MENTORS)


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    """The value rule of docs/indicators.md: numerator / denominator × 100 rounded half up to one decimal
    place; None (no data, never 0) when the denominator is 0."""
    if numerator is None or not denominator:
        return None
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return Decimal(tenths).scaleb(-1)


def is_achieved(value: Decimal | None, target: Decimal | None) -> bool | None:
    """Achieved = value ≥ target; None when either is empty (docs/indicators.md)."""
    if value is None or target is None:
        return None
    return value >= target


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    short_name: str
    as_of: datetime.date
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None
    achieved: bool | None
    denominator_source: str = Snapshot.DenominatorSource.REGISTRY
    denominator_note: str = ""
    kind: str = LIVE  # "live", "recorded" or "entered"
    note: str = ""
    recorded_at: datetime.datetime | None = None

    @property
    def gap(self) -> Decimal | None:
        """value − target in percentage points (negative when behind); None when either is empty."""
        if self.value is None or self.target is None:
            return None
        return self.value - self.target

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_json(self) -> dict[str, str | int | float | bool | None]:
        """The object the `kpi` command prints for one indicator (docs/indicators.md, «Командная строка»)."""
        return {
            "code": self.code,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if self.value is None else float(self.value),
            "target": None if self.target is None else float(self.target),
            "achieved": self.achieved,
        }


def indicators_in_order() -> list[Indicator]:
    """The four Indicator rows in the spec's order; RuntimeError when one is missing from the database."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    missing = [code for code in KPI_CODES if code not in indicators]
    if missing:
        raise RuntimeError(f"Indicators missing from the database: {', '.join(missing)}")
    return [indicators[code] for code in KPI_CODES]


def _targets(years: Iterable[int]) -> dict[tuple[str, int], Decimal]:
    targets = Target.objects.filter(year__in=years).select_related("indicator")
    return {(t.indicator.code, t.year): t.value for t in targets}


def kpi_values(
    *, days: Iterable[datetime.date], planned: Planned | None = None
) -> dict[datetime.date, dict[str, IndicatorValue]]:
    """{day: {code: IndicatorValue}} computed live from the registry by the four rules of docs/indicators.md;
    codes in the spec's order. Five queries whatever the data and the number of days.

    `planned`: people of mentorships not yet created (a matching proposal), counted as if they were."""
    days = sorted(set(days))
    if not days:
        return {}
    years = {d.year for d in days}
    indicators = indicators_in_order()
    targets = _targets(years)
    entered = {e.year: e for e in EnterpriseCount.objects.filter(year__in=years)}
    counts = kpi_counts(days, planned) if planned is not None else kpi_counts(days)
    result = {}
    for day in days:
        values = {}
        for indicator in indicators:
            numerator, denominator = counts[day][indicator.code]
            source, note = Snapshot.DenominatorSource.REGISTRY, ""
            # Indicator 4: the administrator's count of the town's and district's enterprises, where entered.
            if indicator.code == ORGANIZATIONS_MENTORS and day.year in entered:
                denominator = entered[day.year].count
                source, note = Snapshot.DenominatorSource.ENTERED, entered[day.year].source
            value = percent(numerator, denominator)
            target = targets.get((indicator.code, day.year))
            values[indicator.code] = IndicatorValue(
                code=indicator.code,
                short_name=indicator.short_name,
                as_of=day,
                numerator=numerator,
                denominator=denominator,
                value=value,
                target=target,
                achieved=is_achieved(value, target),
                denominator_source=source,
                denominator_note=note,
            )
        result[day] = values
    return result


def kpi_compute(*, as_of: datetime.date) -> list[IndicatorValue]:
    """The four indicators as of `as_of`, live from the registry (a list in the spec's order)."""
    return list(kpi_values(days=[as_of])[as_of].values())


@dataclass(frozen=True)
class Projection:
    """One indicator now and with the planned mentorships: «показатель 1: 27,2 % → 51,0 % при плане 70 %»."""

    number: int
    now: IndicatorValue
    planned: IndicatorValue

    @property
    def changes(self) -> bool:
        return (self.now.numerator, self.now.denominator) != (self.planned.numerator, self.planned.denominator)


def kpi_projection(*, as_of: datetime.date, mentee_ids: Iterable[int], mentor_ids: Iterable[int]) -> list[Projection]:
    """The four indicators at `as_of` as they are and as they would be with mentorships between these
    people counted: the indicators' own rules (mentorship.selectors.kpi_counts), not a second formula."""
    planned = Planned(mentee_ids=frozenset(mentee_ids), mentor_ids=frozenset(mentor_ids))
    now = kpi_values(days=[as_of])[as_of]
    then = kpi_values(days=[as_of], planned=planned)[as_of]
    return [Projection(number, now[code], then[code]) for number, code in enumerate(now, start=1)]


def value_from_snapshot(snapshot: Snapshot) -> IndicatorValue:
    return IndicatorValue(
        code=snapshot.indicator.code,
        short_name=snapshot.indicator.short_name,
        as_of=snapshot.as_of,
        numerator=snapshot.numerator,
        denominator=snapshot.denominator,
        value=snapshot.value,
        target=snapshot.target,
        achieved=snapshot.achieved,
        denominator_source=snapshot.denominator_source,
        denominator_note=snapshot.denominator_note,
        kind=snapshot.source,
        note=snapshot.note,
        recorded_at=snapshot.recorded_at,
    )


def snapshot_values(*, days: Iterable[datetime.date]) -> dict[datetime.date, dict[str, IndicatorValue]]:
    """{day: {code: IndicatorValue}} of what is recorded for these dates (one query)."""
    result: dict[datetime.date, dict[str, IndicatorValue]] = {}
    for snapshot in Snapshot.objects.filter(as_of__in=list(days)).select_related("indicator"):
        result.setdefault(snapshot.as_of, {})[snapshot.indicator.code] = value_from_snapshot(snapshot)
    return result


# Plan vs fact by year --------------------------------------------------------------------------------------


@dataclass
class YearRow:
    year: int
    target: Decimal | None  # the year's target as it stands now
    mid_year: IndicatorValue | None = None
    year_end: IndicatorValue | None = None  # today's live value for the current year
    is_today: bool = False  # year_end is today's live value, the year's 20 December is still to come

    @property
    def fact(self) -> IndicatorValue | None:
        return self.year_end

    @property
    def gap(self) -> Decimal | None:
        return self.fact.gap if self.fact is not None and self.target is not None else None

    @property
    def achieved(self) -> bool | None:
        if self.fact is None or self.fact.value is None or self.target is None:
            return None
        return self.fact.value >= self.target


@dataclass
class PlanFact:
    today: datetime.date
    years: list[int]
    indicators: list[Indicator]  # the spec's order, each with its targets prefetched
    rows: dict[str, list[YearRow]] = field(default_factory=dict)  # code → a row per year
    today_values: dict[str, IndicatorValue] = field(default_factory=dict)  # code → today's live value


def first_year() -> int:
    """The programme's first year (`PROGRAMME_FIRST_YEAR`, 2020 for the lyceum)."""
    return int(settings.PROGRAMME_FIRST_YEAR)


def years_so_far(target_years: set[int], today: datetime.date) -> list[int]:
    """Every year from the programme's first year (or an earlier year with a target) to today's, a year
    without a target included: the years the dashboard, the summaries and the public page show."""
    start = min([first_year(), *(y for y in target_years if y <= today.year)])
    return list(range(start, today.year + 1))


def years_before(target_years: set[int], today: datetime.date) -> list[int]:
    """`years_so_far` without today's year: the history of a summary's charts."""
    return [year for year in years_so_far(target_years, today) if year < today.year]


def plan_fact_by_year(
    *,
    today: datetime.date,
    years: Callable[[set[int], datetime.date], Iterable[int]] = years_so_far,
    mid_year: bool = False,
    live_today: bool = False,
) -> PlanFact:
    """Plan vs fact per indicator and year, up to `today`.

    `years(target_years, today)` picks the years (by default `years_so_far`: every year from the
    programme's first year to today's, with or without a target).
    A year's fact is its 20 December value (docs/indicators.md): the recorded one, else computed from the
    registry; a year whose 20 December is still to come shows today's live value instead. `mid_year` adds
    the 20 June values; `live_today` computes today's values even when no row needs them. Eight queries
    at most whatever the data: indicators and targets, snapshots, and one live computation.
    """
    indicators = list(Indicator.objects.prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year"))))
    indicators = [i for code in KPI_CODES for i in indicators if i.code == code]
    targets = {(i.code, t.year): t.value for i in indicators for t in i.targets.all()}
    chosen = sorted(set(years({year for _code, year in targets}, today)))
    days = [d for y in chosen for d in (monitoring_dates(y) if mid_year else [year_date(y)]) if d <= today]
    recorded = snapshot_values(days=days)
    missing = [d for d in days if len(recorded.get(d, {})) < len(indicators)]
    current = today.year in chosen and year_date(today.year) > today
    live = kpi_values(days=[*missing, *([today] if live_today or current else [])])

    def value_at(day: datetime.date, code: str) -> IndicatorValue | None:
        return recorded.get(day, {}).get(code) or live.get(day, {}).get(code)

    result = PlanFact(today=today, years=chosen, indicators=indicators)
    for indicator in indicators:
        code = indicator.code
        if today in live:
            result.today_values[code] = live[today][code]
        rows = []
        for year in chosen:
            june, december = monitoring_dates(year)
            row = YearRow(year=year, target=targets.get((code, year)))
            if mid_year and june <= today:
                row.mid_year = value_at(june, code)
            if december <= today:
                row.year_end = value_at(december, code)
            elif year == today.year:
                row.year_end, row.is_today = result.today_values.get(code), True
            rows.append(row)
        result.rows[code] = rows
    return result


# The dashboard and its drill-down ---------------------------------------------------------------------------


@dataclass
class IndicatorBlock:
    indicator: Indicator
    rows: list = field(default_factory=list)
    today: object = None  # IndicatorValue


def dashboard_years(target_years: set[int], today: datetime.date) -> list[int]:
    """Every year from the programme's first year to today's, and the later years already planned."""
    return sorted({*years_so_far(target_years, today), *(y for y in target_years if y > today.year)})


def dashboard_data(*, today: datetime.date) -> dict[str, Any]:
    """Everything the director's dashboard shows, read up front in a fixed number of queries."""
    plan_fact = plan_fact_by_year(today=today, years=dashboard_years, mid_year=True, live_today=True)
    blocks = [
        IndicatorBlock(indicator=i, rows=plan_fact.rows[i.code], today=plan_fact.today_values[i.code])
        for i in plan_fact.indicators
    ]
    return {
        "today": today,
        "years": plan_fact.years,
        "blocks": blocks,
        "counters": kpi_dashboard_counters(today),
        "enterprise_count": EnterpriseCount.objects.filter(year=today.year).first(),
    }


def drilldown_date(raw: str | None, *, today: datetime.date) -> datetime.date:
    """The drill-down's date from its query string: today when absent; 404 for a wrong or out-of-range one."""
    if not raw:
        return today
    try:
        return parse_iso_date(raw)
    except ValueError:
        raise Http404(_("Wrong date.")) from None


def drilldown_data(*, code: str, as_of: datetime.date) -> dict:
    """One indicator at `as_of`: the live value, the recorded one (if any), and the members of its
    denominator, each marked whether it is in the numerator — read once for the page and its export."""
    indicator = get_object_or_404(Indicator, code=code)
    value = kpi_values(days=[as_of])[as_of][code]
    recorded = snapshot_values(days=[as_of]).get(as_of, {}).get(code)
    # People or organisations by `code`, each annotated `in_numerator`: the stubs cannot follow the code's branches.
    members: list[Any] = list(kpi_members(code, as_of))
    rows = []
    for obj in members:
        row = {"obj": obj, "in_numerator": obj.in_numerator}
        if code != ORGANIZATIONS_MENTORS:
            row["age"] = full_years(obj.birth_date, as_of) if obj.birth_date else None
            row["experience"] = full_years(obj.career_start, as_of) if obj.career_start else None
            row["categories"] = [c.short_name for c in obj.categories.all()] if code == STUDENTS_MENTEES else []
        rows.append(row)
    return {
        "indicator": indicator,
        "as_of": as_of,
        "value": value,
        "recorded": recorded,
        "differs": recorded is not None
        and (recorded.numerator, recorded.denominator) != (value.numerator, value.denominator),
        "numerator": [obj for obj in members if obj.in_numerator],
        "rows": rows,
        "is_organizations": code == ORGANIZATIONS_MENTORS,
        "is_students": code in STUDENT_CODES,
        "show_categories": code == STUDENTS_MENTEES,
    }


# The targets page --------------------------------------------------------------------------------------------


@dataclass
class TargetsRow:
    year: int
    targets: list[Decimal | None]  # in the spec's order of the indicators; None: no target set
    enterprise_count: EnterpriseCount | None

    @property
    def complete(self) -> bool:
        return all(value is not None for value in self.targets)


@dataclass
class HistoryEntry:
    timestamp: datetime.datetime
    actor: str
    action: str
    subject: str
    changes: list[tuple[str, str, str]]  # (field, before, after)


def targets_table(*, today: datetime.date) -> tuple[list[Indicator], list[TargetsRow]]:
    """The four indicators and a row per year, from the programme's first year to next year, the last year
    of the roadmap's periods (e.g. 2030) or the last year already planned, whichever is latest: each year's
    targets and number of enterprises. Four queries."""
    indicators = indicators_in_order()
    targets = {(t.indicator_id, t.year): t.value for t in Target.objects.all()}
    counts = {e.year: e for e in EnterpriseCount.objects.all()}
    known = {year for _pk, year in targets} | set(counts)
    start = min([first_year(), *known])
    end = max([today.year + 1, *known, *(p.end_year for p in programmes() if p.end_year <= today.year + 10)])
    rows = [
        TargetsRow(
            year=year, targets=[targets.get((i.pk, year)) for i in indicators], enterprise_count=counts.get(year)
        )
        for year in range(start, end + 1)
    ]
    return indicators, rows


def _history_value(value: Any) -> str:
    return "—" if value in (None, "None", "") else str(value)


def targets_history(*, limit: int = 30) -> list[HistoryEntry]:
    """Who set which target or number of enterprises, when, from what to what (django-auditlog), latest
    first. Two queries (one when the content types are cached)."""
    actions = {
        LogEntry.Action.CREATE: pgettext("targets history", "set"),
        LogEntry.Action.UPDATE: pgettext("targets history", "changed"),
        LogEntry.Action.DELETE: pgettext("targets history", "removed"),
    }
    types = ContentType.objects.get_for_models(Target, EnterpriseCount)
    entries = (
        LogEntry.objects.filter(content_type__in=types.values(), action__in=list(actions))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    result = []
    for entry in entries:
        actor = entry.actor.get_full_name() or entry.actor.get_username() if entry.actor else _("the system")
        changes = [
            (str(name), _history_value(pair[0]), _history_value(pair[1]))
            for name, pair in entry.changes_display_dict.items()
        ]
        result.append(
            HistoryEntry(
                timestamp=entry.timestamp,
                actor=actor,
                action=str(actions[entry.action]),
                subject=entry.object_repr,
                changes=changes,
            )
        )
    return result
