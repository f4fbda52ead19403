"""Each health rule at its boundary day, and the status the reasons give."""

import datetime

import pytest

from health import rules
from health.models import PairHealth
from health.services import pair_health_refresh
from mentorship.models import IndividualPlan, PlanItem

from .conftest import START, D, held, pair, satisfaction

pytestmark = pytest.mark.django_db


def _health(mentorship, today):
    pair_health_refresh(today=today)
    return PairHealth.objects.get(mentorship=mentorship)


def _codes(health):
    return [r["code"] for r in health.reasons]


def test_no_first_meeting_fires_on_the_fourteenth_day_after_the_start_and_not_the_day_before():
    p = pair()
    assert _codes(_health(p, START + datetime.timedelta(13))) == []
    h = _health(p, START + datetime.timedelta(14))
    assert _codes(h) == [rules.NO_FIRST_MEETING]
    assert h.status == PairHealth.Status.ATTENTION
    assert rules.days(h.reasons[0], today=START + datetime.timedelta(14)) == 14


def test_no_first_meeting_for_twice_the_days_puts_the_pair_at_risk():
    p = pair()
    assert _health(p, START + datetime.timedelta(27)).status == PairHealth.Status.ATTENTION
    assert _health(p, START + datetime.timedelta(28)).status == PairHealth.Status.RISK


def test_a_held_meeting_clears_no_first_meeting_but_a_planned_one_does_not():
    from mentorship.models import Meeting

    p = pair()
    Meeting.objects.create(mentorship=p, date=D(2026, 9, 30), status=Meeting.Status.PLANNED, topic="Планы")
    assert _codes(_health(p, D(2026, 9, 20))) == [rules.NO_FIRST_MEETING]
    held(p, D(2026, 9, 10))
    assert _codes(_health(p, D(2026, 9, 20))) == []


def test_no_meeting_for_thirty_days_fires_on_the_thirtieth_day():
    p = pair()
    held(p, D(2026, 9, 5))
    assert _codes(_health(p, D(2026, 10, 4))) == []  # 29 days
    h = _health(p, D(2026, 10, 5))  # 30 days
    assert _codes(h) == [rules.NO_RECENT_MEETING]
    assert h.reasons[0]["key"] == "gap:2026-09-05"
    assert h.last_meeting == D(2026, 9, 5)


def test_overdue_plan_items_count_open_items_past_their_deadline_only():
    p = pair()
    held(p, D(2026, 9, 10))
    plan = IndividualPlan.objects.get(mentorship=p)
    PlanItem.objects.create(plan=plan, task="Сегодня", deadline=D(2026, 9, 20))
    PlanItem.objects.create(plan=plan, task="Сделано", deadline=D(2026, 9, 1), status=PlanItem.Status.DONE)
    assert _codes(_health(p, D(2026, 9, 20))) == []  # due today is not overdue
    h = _health(p, D(2026, 9, 21))
    assert _codes(h) == [rules.OVERDUE_PLAN_ITEMS]
    assert h.reasons[0]["count"] == 1


def test_ending_without_feedback_fires_fourteen_days_before_the_planned_end_and_stops_with_feedback():
    p = pair(planned_end=D(2026, 12, 31))
    held(p, D(2026, 12, 10))
    assert _codes(_health(p, D(2026, 12, 16))) == []  # 15 days left
    assert _codes(_health(p, D(2026, 12, 17))) == [rules.ENDING_WITHOUT_FEEDBACK]
    satisfaction(p, [8, 9])
    assert _codes(_health(p, D(2026, 12, 17))) == []


def test_a_satisfaction_mean_below_the_threshold_puts_the_pair_at_risk(settings):
    p = pair()
    held(p, D(2026, 9, 10))
    satisfaction(p, [5, 5])  # mean 5: not below 5
    assert _codes(_health(p, D(2026, 9, 20))) == []
    satisfaction(p, [4, 5], when=datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC))  # the latest: 4.5
    h = _health(p, D(2026, 9, 20))
    assert _codes(h) == [rules.LOW_SATISFACTION]
    assert h.status == PairHealth.Status.RISK
    assert rules.describe(h.reasons[0]) == "Удовлетворённость 4,5 из 10"


def test_the_thresholds_are_settings(settings):
    settings.HEALTH_FIRST_MEETING_DAYS = 10
    p = pair()
    assert _codes(_health(p, START + datetime.timedelta(10))) == [rules.NO_FIRST_MEETING]


def test_three_reasons_put_a_pair_at_risk_even_if_none_is_grave():
    facts = rules.PairFacts(
        mentorship_id=1,
        curator_id=None,
        start_date=D(2026, 9, 1),
        planned_end_date=D(2026, 10, 5),
        first_held=D(2026, 9, 2),
        last_held=D(2026, 9, 2),
        overdue_items=2,
        earliest_overdue=D(2026, 9, 15),
    )
    status, reasons = rules.evaluate(facts, today=D(2026, 10, 2))
    assert [r["code"] for r in reasons] == [
        rules.NO_RECENT_MEETING,
        rules.OVERDUE_PLAN_ITEMS,
        rules.ENDING_WITHOUT_FEEDBACK,
    ]
    assert status == rules.RISK


def test_a_pair_no_longer_active_loses_its_health_row():
    p = pair()
    _health(p, START + datetime.timedelta(20))
    p.status = "completed"
    p.end_date = D(2026, 9, 25)
    p.save()
    pair_health_refresh(today=START + datetime.timedelta(21))
    assert not PairHealth.objects.filter(mentorship=p).exists()


def test_since_is_kept_while_the_pair_stays_flagged_and_cleared_when_it_is_in_order():
    p = pair()
    assert _health(p, D(2026, 9, 15)).since == D(2026, 9, 15)
    assert _health(p, D(2026, 9, 18)).since == D(2026, 9, 15)
    held(p, D(2026, 9, 18))
    assert _health(p, D(2026, 9, 18)).since is None
