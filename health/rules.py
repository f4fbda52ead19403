"""The pair health rules, in one place: facts of a pair in, a status and its reasons out.

Every threshold is a setting (config/settings/base.py, HEALTH_*). A rule fires on the day its number of
days is reached (the 14th day after the start without a held meeting is «no first meeting»). Each reason
carries a `key` naming the episode it belongs to (the start date, the last meeting, the earliest overdue
deadline, the planned end, the response): a letter is sent once per key, so a new episode of the same
reason may be reminded of again, and the same one never twice.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

OK, ATTENTION, RISK = "ok", "attention", "risk"
SEVERITY = {OK: 0, ATTENTION: 1, RISK: 2}
# From this many reasons on, a pair is at risk even if none of them is grave on its own.
RISK_REASONS = 3

NO_FIRST_MEETING = "no_first_meeting"
NO_RECENT_MEETING = "no_recent_meeting"
OVERDUE_PLAN_ITEMS = "overdue_plan_items"
ENDING_WITHOUT_FEEDBACK = "ending_without_feedback"
LOW_SATISFACTION = "low_satisfaction"
CODES = (NO_FIRST_MEETING, NO_RECENT_MEETING, OVERDUE_PLAN_ITEMS, ENDING_WITHOUT_FEEDBACK, LOW_SATISFACTION)
# What a mentor is reminded of: the satisfaction of their mentee is the curator's to raise, not a letter's.
MENTOR_REMINDED = (NO_FIRST_MEETING, NO_RECENT_MEETING, OVERDUE_PLAN_ITEMS, ENDING_WITHOUT_FEEDBACK)


@dataclass(frozen=True)
class PairFacts:
    mentorship_id: int
    curator_id: int | None
    start_date: datetime.date
    planned_end_date: datetime.date | None = None
    first_held: datetime.date | None = None
    last_held: datetime.date | None = None
    overdue_items: int = 0
    earliest_overdue: datetime.date | None = None
    has_feedback: bool = False
    # The pair's latest satisfaction response: its id and the mean of its scale answers.
    satisfaction: tuple[int, float] | None = None


def _reason(code: str, key: str, severity: str, **numbers: int | float | str) -> dict:
    return {"code": code, "key": key, "severity": severity, **numbers}


def evaluate(facts: PairFacts, *, today: datetime.date) -> tuple[str, list[dict]]:
    """The pair's status (ok / attention / risk) and its reasons, gravest first."""
    reasons = []
    first_days, gap_days = settings.HEALTH_FIRST_MEETING_DAYS, settings.HEALTH_NO_MEETING_DAYS
    since_start = (today - facts.start_date).days
    if facts.first_held is None:
        if since_start >= first_days:
            severity = RISK if since_start >= 2 * first_days else ATTENTION
            reasons.append(_reason(NO_FIRST_MEETING, f"first:{facts.start_date}", severity))
    elif facts.last_held is not None:
        gap = (today - facts.last_held).days
        if gap >= gap_days:
            severity = RISK if gap >= 2 * gap_days else ATTENTION
            reasons.append(_reason(NO_RECENT_MEETING, f"gap:{facts.last_held}", severity))
    if facts.overdue_items:
        reasons.append(
            _reason(OVERDUE_PLAN_ITEMS, f"overdue:{facts.earliest_overdue}", ATTENTION, count=facts.overdue_items)
        )
    if facts.planned_end_date is not None and not facts.has_feedback:
        left = (facts.planned_end_date - today).days
        if left <= settings.HEALTH_ENDING_DAYS:
            reasons.append(_reason(ENDING_WITHOUT_FEEDBACK, f"ending:{facts.planned_end_date}", ATTENTION))
    if facts.satisfaction is not None:
        response_id, mean = facts.satisfaction
        if mean < settings.HEALTH_SATISFACTION_THRESHOLD:
            reasons.append(_reason(LOW_SATISFACTION, f"satisfaction:{response_id}", RISK, mean=round(mean, 1)))
    reasons.sort(key=lambda r: (-SEVERITY[r["severity"]], CODES.index(r["code"])))
    if not reasons:
        return OK, []
    grave = any(r["severity"] == RISK for r in reasons) or len(reasons) >= RISK_REASONS
    return (RISK if grave else ATTENTION), reasons


def _anchor(reason: dict) -> datetime.date:
    return datetime.date.fromisoformat(reason["key"].split(":", 1)[1])


def days(reason: dict, *, today: datetime.date) -> int:
    """The reason's number of days on `today`, from its episode's date: stored reasons stay the same from one
    day to the next (so the daily run rewrites only the pairs whose health really changed)."""
    if reason["code"] == ENDING_WITHOUT_FEEDBACK:
        return (_anchor(reason) - today).days
    return (today - _anchor(reason)).days


def describe(reason: dict, *, today: datetime.date | None = None) -> str:
    """A reason as the curator reads it (the active language), on `today` (by default the local date)."""
    code = reason["code"]
    if code in (NO_FIRST_MEETING, NO_RECENT_MEETING, ENDING_WITHOUT_FEEDBACK):
        n = days(reason, today=today or timezone.localdate())
    if code == NO_FIRST_MEETING:
        return ngettext(
            "No meeting held %(days)d day after the start", "No meeting held %(days)d days after the start", n
        ) % {"days": n}
    if code == NO_RECENT_MEETING:
        return ngettext("No meeting for %(days)d day", "No meeting for %(days)d days", n) % {"days": n}
    if code == OVERDUE_PLAN_ITEMS:
        return ngettext("%(count)d plan item overdue", "%(count)d plan items overdue", reason["count"]) % {
            "count": reason["count"]
        }
    if code == ENDING_WITHOUT_FEEDBACK:
        if n < 0:
            return _("Past its planned end, no feedback")
        return ngettext("Ends in %(days)d day, no feedback", "Ends in %(days)d days, no feedback", n) % {"days": n}
    if code == LOW_SATISFACTION:
        return _("Satisfaction %(mean)s of 10") % {"mean": f"{reason['mean']:.1f}".replace(".", ",")}
    return code
