"""What the analytic summary says: every figure is read here once, for the PDF and the Excel workbook.

Periods:
- the indicators use P(D): 1 January of D's year to D (docs/indicators.md);
- the narrative sections (mentorships started, completed and terminated; roadmap execution; feedback)
  cover the half-year since the previous monitoring date: 21.12.(Y−1)–20.06.Y for 20 June and
  21.06.Y–20.12.Y for 20 December. For any other date D: from the day after the latest monitoring
  date before D, to D.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from config.pdf import FONT_FAMILY
from indicators.charts import plan_fact_svg
from indicators.selectors import (
    is_monitoring_date,
    kpi_compute,
    plan_fact_by_year,
    year_date,
    years_before,
)
from indicators.services import snapshot_get_or_record
from mentorship.dates import monitoring_period
from mentorship.selectors import (
    best_mentors_of_year,
    report_movements,
    report_participation,
    report_plan_progress,
    school_get,
)
from monitoring.charts import growth_chart
from monitoring.selectors import AnswerFilter, growth_report, item_aggregates, response_rates, satisfaction_averages
from roadmap.selectors import roadmap_execution
from roadmap.statuses import Status as OccurrenceStatus

SNAPSHOT = "snapshot"
LIVE = "live"


def period_start(as_of):
    """The day after the latest monitoring date before `as_of` (mentorship/dates.py monitoring_period)."""
    return monitoring_period(as_of)[0]


def _number(value):
    return None if value is None else str(value)


def _decimal(value):
    return None if value is None else Decimal(value)


def _value_json(value):
    return {
        "code": value.code,
        "short_name": value.short_name,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "value": _number(value.value),
        "target": _number(value.target),
        "gap": _number(value.gap),
        "achieved": value.achieved,
        "kind": value.kind,
        "denominator_source": value.denominator_source,
        "denominator_note": value.denominator_note,
    }


def kpi_collect(as_of):
    """The four indicators of the summary as JSON, to be stored with it.

    A monitoring date (20 June, 20 December) uses the recorded snapshot (recording it first if it is
    missing; a recorded value is never overwritten). Any other date uses live values from the registry,
    and the document says so. The chart's history: the 20 December values of the earlier years (`years_before`: from the
    programme's first year)
    (recorded ones, or computed from today's registry where none was recorded), and this date's value.
    """
    if is_monitoring_date(as_of):
        values, kind = snapshot_get_or_record(as_of=as_of), SNAPSHOT
    else:
        values, kind = kpi_compute(as_of=as_of), LIVE
    plan_fact = plan_fact_by_year(today=as_of, years=years_before)
    history = {}
    for value in values:
        points = []
        for row in plan_fact.rows[value.code]:
            past = row.year_end
            target, fact = (past.target, past.value) if past else (None, None)
            points.append([str(row.year), _number(target), _number(fact)])
        label = str(as_of.year) if as_of == year_date(as_of.year) else f"{as_of:%d.%m.%Y}"
        points.append([label, _number(value.target), _number(value.value)])
        history[value.code] = points
    names = {i.code: i.name for i in plan_fact.indicators}
    return {
        "as_of": as_of.isoformat(),
        "kind": kind,
        "values": [{**_value_json(v), "name": names.get(v.code, v.short_name)} for v in values],
        "history": history,
    }


def kpi_rows(kpi):
    """Stored KPI JSON → rows for the templates, each with its chart (inline SVG)."""
    rows = []
    for index, value in enumerate(kpi.get("values", []), start=1):
        points = [(label, _decimal(target), _decimal(fact)) for label, target, fact in kpi["history"][value["code"]]]
        rows.append(
            {
                "number": index,
                **value,
                "value": _decimal(value["value"]),
                "target": _decimal(value["target"]),
                "gap": _decimal(value["gap"]),
                "chart": plan_fact_svg(
                    chart_id=f"chart-{value['code']}",
                    title=value["short_name"],
                    points=points,
                    plan_label=_("Plan"),
                    fact_label=_("Actual"),
                    font_family=f"{FONT_FAMILY}, sans-serif",
                ),
            }
        )
    return rows


def paragraphs(text):
    """A free text as paragraphs (split on blank lines), so that the PDF can break between them and keep
    the last one with the signatures."""
    return [part.strip("\n") for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def summary_content(summary, *, kpi):
    """Everything the summary shows, read up front in a fixed number of queries."""
    as_of, start = summary.as_of, summary.period_start
    year_start = datetime.date(as_of.year, 1, 1)
    execution = roadmap_execution(start=start, end=as_of, as_of=as_of)
    for row in execution.rows:
        row.status_label = str(OccurrenceStatus(row.status).label)
    feedback = satisfaction_averages(start=start, end=as_of)
    author = summary.author
    questionnaires = item_aggregates(where=AnswerFilter(as_of=as_of))
    growth = growth_report(where=AnswerFilter(as_of=as_of))
    return {
        "summary": summary,
        "school": school_get(),
        "as_of": as_of,
        "period_start": start,
        "year_start": year_start,
        "kpi_kind": kpi.get("kind"),
        "kpi_is_live": kpi.get("kind") == LIVE,
        "kpi_rows": kpi_rows(kpi),
        "participation": report_participation(start, as_of),
        "movements": report_movements(start, as_of),
        "plans": report_plan_progress(start, as_of, as_of),
        "execution": execution,
        "execution_evidence": sum(r.evidence_count for r in execution.rows),
        "feedback": feedback,
        "feedback_rows": [
            {
                "label": feedback["labels"][name],
                "mentor": feedback["roles"]["mentor"]["averages"][name],
                "mentee": feedback["roles"]["mentee"]["averages"][name],
            }
            for name in feedback["fields"]
        ],
        "curator_name": (author.get_full_name() or author.username) if author else "",
        "conclusions": paragraphs(summary.conclusions),
        "decisions": paragraphs(summary.decisions),
        "questionnaires": questionnaires,
        "response_rates": response_rates(as_of=as_of),
        "growth": growth,
        "growth_chart": growth_chart(growth, chart_id="chart-growth", font_family=f"{FONT_FAMILY}, sans-serif")
        if growth.totals
        else None,
        "best_year": as_of.year,
        "best_mentors": best_mentors_of_year(as_of.year),
    }
