"""The daily computation: a fixed number of queries for any number of pairs, the hook after a meeting,
parallel runs on PostgreSQL, and the announcement of pairs that newly need attention."""

import datetime

import pytest
from django.db import connection

from config import events
from health.models import HealthRun, Letter, PairHealth
from health.services import mentor_reminders_send, pair_health_refresh
from mentorship.models import IndividualPlan, Meeting, PlanItem
from mentorship.services import meeting_log, meeting_mark_held
from tests.parallel import in_parallel, require_postgres

from .conftest import START, held, pair, satisfaction

DAY = START + datetime.timedelta(40)


def _world(n):
    for i in range(n):
        p = pair(planned_end=DAY + datetime.timedelta(5))
        if i % 2:
            held(p, START + datetime.timedelta(3))
        plan = IndividualPlan.objects.get(mentorship=p)
        PlanItem.objects.create(plan=plan, task="Эссе", deadline=START + datetime.timedelta(7))
        if i % 3 == 0:
            satisfaction(p, [3, 4])


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 12])
def test_the_computation_takes_the_same_queries_whatever_the_number_of_pairs(size, django_assert_num_queries):
    _world(size)
    # the savepoint, 5 reads of facts, the stored health, the upsert, the removal of pairs no longer active,
    # the run's record, the savepoint released
    with django_assert_num_queries(11):
        counts = pair_health_refresh(today=DAY)
    assert sum(counts.values()) == size
    assert PairHealth.objects.count() == size
    # The next day nothing changed (the days are counted from the reasons' dates): no upsert at all.
    with django_assert_num_queries(10):
        pair_health_refresh(today=DAY + datetime.timedelta(1))
    assert HealthRun.objects.values_list("written", flat=True)[0] == 0


@pytest.mark.django_db
def test_the_computation_writes_status_and_reasons_for_every_active_pair():
    _world(3)
    pair_health_refresh(today=DAY)
    statuses = {h.mentorship_id: (h.status, [r["code"] for r in h.reasons]) for h in PairHealth.objects.all()}
    assert sorted(statuses.values()) == sorted(
        [
            # the satisfaction answer counts as feedback; gravest first, then in the rules' order
            ("risk", ["no_first_meeting", "low_satisfaction", "overdue_plan_items"]),
            ("risk", ["no_recent_meeting", "overdue_plan_items", "ending_without_feedback"]),
            ("risk", ["no_first_meeting", "overdue_plan_items", "ending_without_feedback"]),
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_a_meeting_written_recomputes_the_pairs_health_through_the_hook(curator):
    today = datetime.date.today()
    p = pair(start=today - datetime.timedelta(20))
    pair_health_refresh()
    assert PairHealth.objects.get(mentorship=p).status != "ok"
    meeting_log(mentorship=p, data={"date": today, "topic": "Знакомство", "status": Meeting.Status.HELD}, user=curator)
    health = PairHealth.objects.get(mentorship=p)
    assert health.status == "ok" and health.last_meeting == today


@pytest.mark.django_db(transaction=True)
def test_a_planned_meeting_marked_held_recomputes_the_pair_too(curator):
    today = datetime.date.today()
    p = pair(start=today - datetime.timedelta(20))
    planned = Meeting.objects.create(mentorship=p, date=today, status=Meeting.Status.PLANNED, topic="Знакомство")
    pair_health_refresh()
    assert PairHealth.objects.get(mentorship=p).status != "ok"
    meeting_mark_held(meeting=planned, data={"date": today, "topic": "Знакомство", "format": "in_person", "notes": ""})
    assert PairHealth.objects.get(mentorship=p).status == "ok"


def test_the_meeting_hook_is_subscribed():
    from health.apps import _pair_changed

    assert _pair_changed in events.subscribers("meeting_written")


@pytest.mark.django_db(transaction=True)
def test_pairs_that_newly_need_attention_are_announced_once_per_curator(curator, other_curator):
    got = []

    def listener(**ids):
        got.append(ids)

    events.subscribe("pairs_need_attention", listener)
    try:
        mine = [pair(curator=curator), pair(curator=curator)]
        theirs = pair(curator=other_curator)
        pair()  # no curator: nobody to tell
        pair_health_refresh(today=DAY)
        pair_health_refresh(today=DAY + datetime.timedelta(1))  # still flagged: nothing new
    finally:
        events._subscribers["pairs_need_attention"].remove(listener)
    assert sorted(got, key=lambda ids: ids["user_id"]) == [
        {"user_id": curator.pk, "mentorship_ids": [m.pk for m in mine]},
        {"user_id": other_curator.pk, "mentorship_ids": [theirs.pk]},
    ]


@pytest.mark.django_db(transaction=True)
def test_parallel_computations_store_one_row_per_pair_on_postgresql():
    require_postgres()
    pairs = [pair() for _ in range(5)]

    def run(client, i):
        return pair_health_refresh(today=DAY)

    in_parallel(4, run)
    assert PairHealth.objects.count() == len(pairs)
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_parallel_reminder_runs_send_one_letter_on_postgresql(mentor_user):
    require_postgres()
    from django.core import mail

    mentor_user.email = "mentor@school.test"
    mentor_user.save()
    pair(mentor_user=mentor_user)
    pair_health_refresh(today=DAY)
    results = in_parallel(4, lambda client, i: mentor_reminders_send(today=DAY))
    assert sum(results) == 1
    assert Letter.objects.count() == 1
    assert len(mail.outbox) == 1
