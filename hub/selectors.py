"""The hub's reads: the roll-ups of the schools' indicators (docs/hub.md).

A roll-up sums numerators and denominators — never averages the schools' shares — so a municipality's
value is exactly what one school with all their pupils would report, and the region's figures equal the
sum of its schools' own `kpi` figures. The value is computed as on a school's portal (spec/kpi.md: × 100,
rounded half up to one decimal; empty when the denominator is 0). The plan of a group is the target its
schools would reach together if each met its own: Σ(target × denominator) / Σ denominator over the
schools that have a target.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)

from exchange.document import KPI_CODES
from indicators.selectors import is_achieved, percent

from .models import Organisation, Report, ReportIndicator

ONE_PLACE = Decimal("0.1")


def share(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100, rounded half up to one place; None when the denominator is 0 — the
    school portal's own value rule (indicators.selectors.percent), so a hub's figure is computed as a
    school's."""
    return percent(numerator, denominator)


@dataclass
class Figure:
    code: str
    numerator: int = 0
    denominator: int = 0
    # Σ(target × denominator) and Σ denominator over the schools that have a target, for the plan.
    planned_weight: Decimal = Decimal(0)
    planned_denominator: int = 0

    @property
    def value(self) -> Decimal | None:
        return share(self.numerator, self.denominator)

    @property
    def target(self) -> Decimal | None:
        if not self.planned_denominator:
            return None
        return (self.planned_weight / self.planned_denominator).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)

    @property
    def achieved(self) -> bool | None:
        return is_achieved(self.value, self.target)


@dataclass
class RollupRow:
    """One organisation (a municipality or a school) of a roll-up, or the total."""

    organisation_id: int | None
    reports: int = 0
    figures: dict[str, Figure] = field(default_factory=lambda: {code: Figure(code) for code in KPI_CODES})


def _scope(queryset: QuerySet[ReportIndicator], organisation: Organisation | None) -> QuerySet[ReportIndicator]:
    if organisation is None:
        return queryset
    if organisation.kind == Organisation.Kind.REGION:
        return queryset.filter(region=organisation)
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        return queryset.filter(municipality=organisation)
    return queryset.filter(school=organisation)


def rollup(*, monitoring_date: datetime.date, organisation: Organisation | None = None) -> dict[int | None, RollupRow]:
    """The indicators of `monitoring_date` under `organisation` (None: everything the hub holds), summed by
    its next level — by municipality for a region (or the whole hub), by school for a municipality — and
    in total under the key None. One query."""
    by = "municipality" if organisation is None or organisation.kind == Organisation.Kind.REGION else "school"
    rows = (
        _scope(ReportIndicator.objects.filter(monitoring_date=monitoring_date), organisation)
        .values(by, "code")
        .annotate(
            sum_numerator=Sum("numerator"),
            sum_denominator=Sum("denominator"),
            planned_weight=Sum(
                ExpressionWrapper(
                    F("target") * F("denominator"), output_field=DecimalField(max_digits=20, decimal_places=1)
                ),
                filter=Q(target__isnull=False),
            ),
            planned_denominator=Sum("denominator", filter=Q(target__isnull=False)),
            reports=Count("report"),
        )
        .order_by()
    )
    result: dict[int | None, RollupRow] = {None: RollupRow(None)}
    for row in rows:
        for key in (row[by], None):
            target_row = result.setdefault(key, RollupRow(key))
            figure = target_row.figures[row["code"]]
            figure.numerator += row["sum_numerator"] or 0
            figure.denominator += row["sum_denominator"] or 0
            figure.planned_weight += Decimal(row["planned_weight"] or 0)
            figure.planned_denominator += row["planned_denominator"] or 0
            if row["code"] == KPI_CODES[0]:
                target_row.reports += row["reports"]
    return result


def reports_on(*, monitoring_date: datetime.date, schools: QuerySet[Organisation]) -> QuerySet[Report]:
    """The reports of the date from these schools, without their documents (a list shows no figures)."""
    return (
        Report.objects.filter(monitoring_date=monitoring_date, organisation__in=schools)
        .select_related("organisation", "organisation__parent")
        .defer("document")
        .order_by("organisation__parent__name", "organisation__name")
    )


# The dashboards' reads (hubviews, docs/hub-rollups.md). Each is one query.

# The distribution's bins: 0–10 %, 10–20 % … 90–100 % (a value of 100 % or more counts in the last one),
# then the schools whose value is empty (a denominator of 0).
DISTRIBUTION_BINS = 10


def schools_under(organisation: Organisation | None) -> QuerySet[Organisation]:
    """The schools at or under `organisation` (every school of the hub for None)."""
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    if organisation is None:
        return schools
    return schools.filter(Q(pk=organisation.pk) | Q(parent=organisation) | Q(parent__parent=organisation))


def monitoring_dates(*, organisation: Organisation | None) -> list[datetime.date]:
    """The monitoring dates of which the hub holds reports under `organisation`, the latest first."""
    return list(
        _scope(ReportIndicator.objects.filter(code=KPI_CODES[0]), organisation)
        .values_list("monitoring_date", flat=True)
        .distinct()
        .order_by("-monitoring_date")
    )


def rollup_children(*, monitoring_date: datetime.date, organisation: Organisation | None) -> list[Organisation]:
    """The organisations a roll-up of `organisation` is summed by (rollup's keys), each with `schools`, the
    number of its schools, and for a school `report_id`, its report of the date (or None): the
    municipalities of a region (of the whole hub for None), the schools of a municipality, a school itself."""
    kind = Organisation.Kind
    if organisation is None or organisation.kind == kind.REGION:
        children = Organisation.objects.filter(kind=kind.MUNICIPALITY)
        if organisation is not None:
            children = children.filter(parent=organisation)
        return list(
            children.annotate(
                schools=Count("children", filter=Q(children__kind=kind.SCHOOL)),
                report_id=Value(None, output_field=IntegerField()),
            ).order_by("name")
        )
    if organisation.kind == kind.MUNICIPALITY:
        children = Organisation.objects.filter(parent=organisation, kind=kind.SCHOOL)
    else:
        children = Organisation.objects.filter(pk=organisation.pk)
    report = Report.objects.filter(organisation=OuterRef("pk"), monitoring_date=monitoring_date).values("pk")[:1]
    return list(
        children.annotate(schools=Value(1, output_field=IntegerField()), report_id=Subquery(report)).order_by("name")
    )


def distribution(*, monitoring_date: datetime.date, organisation: Organisation | None) -> dict[str, list[int]]:
    """For each indicator, how many schools' values fall in each bin (DISTRIBUTION_BINS of 10 points), and
    last how many have no value."""
    result = {code: [0] * (DISTRIBUTION_BINS + 1) for code in KPI_CODES}
    rows = _scope(ReportIndicator.objects.filter(monitoring_date=monitoring_date), organisation).values_list(
        "code", "value"
    )
    for code, value in rows.order_by():
        if code not in result:
            continue
        index = DISTRIBUTION_BINS if value is None else min(int(value // 10), DISTRIBUTION_BINS - 1)
        result[code][index] += 1
    return result


def reports_with_documents(*, monitoring_date: datetime.date, organisation: Organisation | None) -> QuerySet[Report]:
    """The reports of the date under `organisation`, with their documents (the checklist, the exports)."""
    return (
        Report.objects.filter(monitoring_date=monitoring_date, organisation__in=schools_under(organisation))
        .select_related("organisation", "organisation__parent")
        .order_by("organisation__parent__name", "organisation__name")
    )


def schools_without_report(
    *, monitoring_date: datetime.date, organisation: Organisation | None
) -> QuerySet[Organisation]:
    """The schools under `organisation` that have sent no report of the date."""
    return (
        schools_under(organisation)
        .exclude(reports__monitoring_date=monitoring_date)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def school_indicators(
    *, monitoring_date: datetime.date, organisation: Organisation | None
) -> QuerySet[ReportIndicator]:
    """Every school's indicator rows of the date under `organisation` (the export's sheet)."""
    return (
        _scope(ReportIndicator.objects.filter(monitoring_date=monitoring_date), organisation)
        .select_related("school", "municipality")
        .order_by("municipality__name", "school__name", "pk")
    )
