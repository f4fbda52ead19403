"""What the monitoring offers the open API (config/integrations.py): the questionnaires' aggregates and the
participants' growth for the half-year ending at a date — counts and means only. Open answers are counted, never
quoted, and growth is grouped by form of mentoring only (a class can be one or two children)."""

import datetime
from decimal import Decimal
from typing import Any

from config.integrations import register_aggregate_source

from .selectors import AnswerFilter, growth_report, item_aggregates


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def questionnaire_aggregates(start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    where = AnswerFilter(as_of=as_of)
    growth = growth_report(by="form", where=where)
    return {
        "period": {"as_of": as_of.isoformat()},
        "items": [
            {
                "questionnaire": agg.questionnaire,
                "purpose": agg.purpose,
                "role": agg.role,
                "key": agg.key,
                "kind": agg.kind,
                "question": agg.text,
                "answers": agg.answers,
                "mean": _number(agg.mean),
                "yes": agg.yes,
                "yes_share": _number(agg.yes_share),
                "options": [{"option": label, "count": count} for label, count in agg.options],
            }
            for agg in item_aggregates(where=where)
        ],
        "growth": {
            "by": "form",
            "rows": [
                {
                    "form": row.group,
                    "key": row.key,
                    "compared": row.compared,
                    "improved": row.improved,
                    "improved_share": _number(row.improved_share),
                    "entry_mean": _number(row.entry_mean),
                    "exit_mean": _number(row.exit_mean),
                    "mean_change": _number(row.mean_change),
                }
                for row in growth.rows
            ],
            "missing_exit": growth.missing_exit_total,
            "compared_people": growth.compared_people,
        },
    }


def register() -> None:
    register_aggregate_source("monitoring.questionnaires", questionnaire_aggregates)
