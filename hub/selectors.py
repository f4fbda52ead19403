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

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum

from exchange.document import KPI_CODES

from .models import Organisation, Report, ReportIndicator

ONE_PLACE = Decimal("0.1")


def share(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100, rounded half up to one place; None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


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
        value, target = self.value, self.target
        if value is None or target is None:
            return None
        return value >= target


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
