"""Everything the director's dashboard shows, read up front in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from mentorship.selectors import kpi_dashboard_counters

from .models import EnterpriseCount, Indicator, Target
from .services import kpi_compute_many, monitoring_dates, snapshot_values


@dataclass
class YearRow:
    year: int
    target: object  # Decimal or None
    mid_year: object = None  # IndicatorValue or None
    year_end: object = None  # IndicatorValue or None (today's live value for the current year)

    @property
    def fact(self):
        return self.year_end

    @property
    def gap(self):
        return self.fact.gap if self.fact is not None and self.target is not None else None

    @property
    def achieved(self):
        if self.fact is None or self.fact.value is None or self.target is None:
            return None
        return self.fact.value >= self.target


@dataclass
class IndicatorBlock:
    indicator: Indicator
    rows: list = field(default_factory=list)
    today: object = None  # IndicatorValue


def dashboard_data(*, today):
    indicators = list(Indicator.objects.prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year"))))
    target_years = {t.year for i in indicators for t in i.targets.all()}
    years = sorted(target_years | {today.year})
    years = [y for y in years if y <= max(today.year, max(target_years, default=today.year))]
    past_dates = [d for y in years for d in monitoring_dates(y) if d <= today]
    recorded = snapshot_values(days=past_dates)
    missing = [d for d in past_dates if len(recorded.get(d, {})) < len(indicators)]
    live = kpi_compute_many(days=[*missing, today])

    def value_at(day, code):
        if day in recorded and code in recorded[day]:
            return recorded[day][code]
        if day in live:
            return next(v for v in live[day] if v.code == code)
        return None

    blocks = []
    for indicator in indicators:
        targets = {t.year: t.value for t in indicator.targets.all()}
        block = IndicatorBlock(indicator=indicator, today=value_at(today, indicator.code))
        for year in years:
            june, december = monitoring_dates(year)
            row = YearRow(year=year, target=targets.get(year))
            if june <= today:
                row.mid_year = value_at(june, indicator.code)
            if december <= today:
                row.year_end = value_at(december, indicator.code)
            elif year == today.year:
                row.year_end = block.today
            block.rows.append(row)
        blocks.append(block)
    return {
        "today": today,
        "years": years,
        "blocks": blocks,
        "counters": kpi_dashboard_counters(today),
        "enterprise_count": EnterpriseCount.objects.filter(year=today.year).first(),
    }
