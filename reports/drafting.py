"""The summary drafts its own conclusions (section 8) and management decisions (section 9) from the data, as
sentences the curator edits before generating (docs/monitoring.md, «Рост, SWOT и выводы справки»).

What it reads, for the half-year ending at the summary's date (mentorship/dates.py monitoring_period):
- each indicator against its target and against the previous monitoring date (met or behind by N points,
  the trend) — the recorded values of a monitoring date where they exist, live values otherwise;
- mentorships without a held meeting, overdue plan items, overdue roadmap dates;
- the questionnaires' results (highest and lowest means, response rates) and the participants' growth.
Nothing is written: the draft is only shown in the form.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from config.text import number_ru
from indicators.selectors import IndicatorValue, kpi_values, snapshot_values
from mentorship.dates import monitoring_period
from mentorship.selectors import report_plan_progress, report_without_meetings
from monitoring.models import Item
from monitoring.selectors import AnswerFilter, growth_report, item_aggregates, response_rates
from roadmap.selectors import roadmap_execution

MIN_ANSWERS = 3


@dataclass(frozen=True)
class DraftNotes:
    conclusions: str
    decisions: str


def _values_on(days: list[datetime.date]) -> dict[datetime.date, dict[str, IndicatorValue]]:
    """The recorded values where a date has them, live values from the registry for the others."""
    recorded = snapshot_values(days=days)
    missing = [d for d in days if not recorded.get(d)]
    live = kpi_values(days=missing) if missing else {}
    return {d: recorded.get(d) or live.get(d, {}) for d in days}


def _points(value: Decimal) -> str:
    return number_ru(abs(value))


def kpi_sentence(
    number: int, value: IndicatorValue, previous: IndicatorValue | None, previous_date: datetime.date
) -> str:
    """«Показатель 1 («…»): 51,0 % при плане 70,0 % — отстаёт на 19,0 п.; на 20.06.2026 было 45,2 %, рост.»"""
    head = _("Indicator %(number)s («%(name)s»)") % {"number": number, "name": value.short_name}
    if value.value is None:
        return _("%(head)s: no data.") % {"head": head}
    if value.target is None:
        text = _("%(head)s: %(value)s %%, no target is set") % {"head": head, "value": number_ru(value.value)}
    else:
        gap = value.value - value.target
        values = {"head": head, "value": number_ru(value.value), "target": number_ru(value.target), "gap": _points(gap)}
        if gap >= 0:
            text = _("%(head)s: %(value)s %% against a target of %(target)s %% — met (%(gap)s p. above)") % values
        else:
            text = _("%(head)s: %(value)s %% against a target of %(target)s %% — behind by %(gap)s p.") % values
    if previous is not None and previous.value is not None:
        change = value.value - previous.value
        trend = _("growth") if change > 0 else _("decline") if change < 0 else _("no change")
        text += _("; on %(date)s it was %(before)s %%, %(trend)s") % {
            "date": f"{previous_date:%d.%m.%Y}",
            "before": number_ru(previous.value),
            "trend": trend,
        }
    return text + "."


def draft_notes(*, as_of: datetime.date) -> DraftNotes:
    """Sections 8 and 9 of the summary of `as_of`, drafted from the data, in the portal's language. A fixed
    number of queries whatever the size of the registry and of the answers."""
    start, end = monitoring_period(as_of)
    previous_date = start - datetime.timedelta(days=1)
    values = _values_on([as_of, previous_date])
    without = report_without_meetings(start, end)
    plans = report_plan_progress(start, end, as_of)
    execution = roadmap_execution(start=start, end=end, as_of=as_of)
    aggregates = item_aggregates(where=AnswerFilter(as_of=as_of))
    rates = response_rates(as_of=as_of)
    growth = growth_report(where=AnswerFilter(as_of=as_of))
    with translation.override(settings.LANGUAGE_CODE):
        conclusions: list[str] = []
        decisions: list[str] = []
        for number, (code, value) in enumerate(values[as_of].items(), start=1):
            conclusions.append(kpi_sentence(number, value, values[previous_date].get(code), previous_date))
            if value.value is not None and value.target is not None and value.value < value.target:
                decisions.append(
                    _("Plan measures on indicator %(number)s («%(name)s»): %(gap)s p. short of the target.")
                    % {"number": number, "name": value.short_name, "gap": _points(value.value - value.target)}
                )
        conclusions.append(
            _("Mentorships without a held meeting in the half-year: %(without)s of %(total)s.")
            % {"without": without["without"], "total": without["total"]}
        )
        if without["without"]:
            decisions.append(
                _("The curator checks the %(count)s mentorships without meetings and agrees a schedule of meetings.")
                % {"count": without["without"]}
            )
        overdue_items = plans["total"]["overdue"]
        conclusions.append(
            _("Overdue items of individual plans: %(overdue)s of %(items)s.")
            % {"overdue": overdue_items, "items": plans["total"]["items"]}
        )
        if overdue_items:
            decisions.append(
                _("Mentors review the deadlines of %(count)s overdue plan items with their mentees.")
                % {"count": overdue_items}
            )
        overdue_dates = execution.counts.get("overdue", 0)
        conclusions.append(
            _("Roadmap dates in the half-year: %(total)s, done: %(done)s, overdue: %(overdue)s.")
            % {"total": execution.total, "done": execution.counts.get("done", 0), "overdue": overdue_dates}
        )
        if overdue_dates:
            decisions.append(
                _("Complete the %(count)s overdue roadmap activities and attach their evidence.")
                % {"count": overdue_dates}
            )
        scored = [
            a for a in aggregates if a.kind == Item.Kind.SCALE and a.mean is not None and a.answers >= MIN_ANSWERS
        ]
        if scored:
            best = max(scored, key=lambda a: a.mean or 0)
            worst = min(scored, key=lambda a: a.mean or 0)
            conclusions.append(
                _(
                    "Questionnaires: the highest average «%(best)s» (%(best_mean)s of 10), "
                    "the lowest «%(worst)s» (%(worst_mean)s of 10)."
                )
                % {
                    "best": best.text,
                    "best_mean": number_ru(best.mean),
                    "worst": worst.text,
                    "worst_mean": number_ru(worst.mean),
                }
            )
        else:
            conclusions.append(_("Questionnaires: too few answers in the half-year to draw conclusions."))
        for rate in rates:
            if rate.invited:
                conclusions.append(
                    _("Response in «%(title)s»: %(answered)s of %(invited)s (%(share)s %%).")
                    % {
                        "title": rate.title,
                        "answered": rate.answered,
                        "invited": rate.invited,
                        "share": number_ru((rate.rate or 0) * 100),
                    }
                )
                if rate.is_low:
                    decisions.append(
                        _("Remind those who have not answered «%(title)s» and offer the paper form.")
                        % {"title": rate.title}
                    )
        for row in growth.totals:
            change = row.mean_change or Decimal(0)
            conclusions.append(
                _(
                    "Growth «%(text)s»: %(sign)s%(change)s on average between entry and exit, %(compared)s compared, "
                    "improved %(share)s %%."
                )
                % {
                    "text": row.text,
                    "sign": "+" if change > 0 else "",
                    "change": number_ru(change),
                    "compared": row.compared,
                    "share": number_ru((row.improved_share or 0) * 100),
                }
            )
        if growth.missing_exit_total:
            conclusions.append(
                _("No exit questionnaire: %(count)s participants who answered on entry.")
                % {"count": growth.missing_exit_total}
            )
            decisions.append(
                _("Collect the exit questionnaires of %(count)s participants.") % {"count": growth.missing_exit_total}
            )
        if not decisions:
            decisions.append(_("Continue the mentoring programme as planned."))
        return DraftNotes(conclusions="\n\n".join(conclusions), decisions="\n\n".join(decisions))
