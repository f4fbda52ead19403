"""The mentors' reminders and the curators' weekly digest: content, scope, limits, sent once."""

import datetime

import pytest
from django.core import mail

from health.models import Letter
from health.services import curator_digests_send, mentor_reminders_send, pair_health_refresh
from health.tasks import compute_pair_health
from mentorship.models import IndividualPlan, PlanItem

from .conftest import START, D, held, pair

pytestmark = pytest.mark.django_db
DAY = START + datetime.timedelta(20)  # no first meeting, 20 days after the start


def test_the_mentor_is_reminded_once_with_the_pair_link_and_no_child_name(mentor_with_mail):
    p = pair(mentor_user=mentor_with_mail)
    compute_pair_health(DAY.isoformat())
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["mentor@school.test"]
    assert letter.subject == "Наставничество: ваша пара ждёт вас"
    assert f"/registry/mentorships/{p.pk}/" in letter.body
    assert "Нет проведённой встречи 20 дней после начала" in letter.body
    mentee = p.mentees.get()
    assert mentee.last_name not in letter.body and mentee.first_name not in letter.body
    log = Letter.objects.get()
    assert (log.kind, log.recipient, log.mentorship, log.reason) == (
        "reminder",
        mentor_with_mail,
        p,
        "no_first_meeting",
    )


def test_a_rerun_of_the_daily_task_sends_nothing_new(mentor_with_mail, curator_with_mail):
    pair(mentor_user=mentor_with_mail, curator=curator_with_mail)
    compute_pair_health(DAY.isoformat())
    compute_pair_health(DAY.isoformat())
    compute_pair_health((DAY + datetime.timedelta(1)).isoformat())
    assert len(mail.outbox) == 1
    assert Letter.objects.count() == 1


def test_the_same_reason_is_never_reminded_twice_but_a_new_episode_is(mentor_with_mail, settings):
    p = pair(mentor_user=mentor_with_mail)
    compute_pair_health(DAY.isoformat())
    later = DAY + datetime.timedelta(10)  # a new week, the same episode (no meeting since the start)
    compute_pair_health(later.isoformat())
    assert len(mail.outbox) == 1
    held(p, later)
    gap = later + datetime.timedelta(settings.HEALTH_NO_MEETING_DAYS)
    compute_pair_health(gap.isoformat())
    assert len(mail.outbox) == 2
    assert "Нет встреч 30 дней" in mail.outbox[1].body


def test_a_mentor_gets_at_most_the_weekly_limit_of_reminders(mentor_with_mail, settings):
    settings.HEALTH_REMINDERS_PER_WEEK = 1
    first = pair(mentor_user=mentor_with_mail)
    second = pair(start=START + datetime.timedelta(1))
    second.mentor = first.mentor
    second.save()
    compute_pair_health(DAY.isoformat())
    assert len(mail.outbox) == 1
    compute_pair_health((DAY + datetime.timedelta(6)).isoformat())
    assert len(mail.outbox) == 1  # within 7 days of the first
    compute_pair_health((DAY + datetime.timedelta(7)).isoformat())
    assert len(mail.outbox) == 2
    assert {log.mentorship_id for log in Letter.objects.all()} == {first.pk, second.pk}


def test_the_limit_is_a_setting(mentor_with_mail, settings):
    settings.HEALTH_REMINDERS_PER_WEEK = 2
    p = pair(mentor_user=mentor_with_mail)
    plan = IndividualPlan.objects.get(mentorship=p)
    PlanItem.objects.create(plan=plan, task="Эссе", deadline=START + datetime.timedelta(5))
    pair_health_refresh(today=DAY)
    assert mentor_reminders_send(today=DAY) == 1  # one letter per pair and run
    assert mentor_reminders_send(today=DAY) == 1  # the second reason, the limit allows two
    assert mentor_reminders_send(today=DAY) == 0
    assert sorted(Letter.objects.values_list("reason", flat=True)) == ["no_first_meeting", "overdue_plan_items"]


def test_low_satisfaction_is_the_curators_not_a_letter_to_the_mentor(mentor_with_mail):
    from .conftest import satisfaction

    p = pair(mentor_user=mentor_with_mail)
    held(p, DAY)
    satisfaction(p, [2, 3])
    compute_pair_health(DAY.isoformat())
    assert mail.outbox == []


def test_a_mentor_without_an_address_gets_nothing_and_nothing_is_logged(mentor_user):
    pair(mentor_user=mentor_user)
    compute_pair_health(DAY.isoformat())
    assert mail.outbox == [] and not Letter.objects.exists()


def test_the_digest_lists_only_the_curators_own_pairs_without_categories(curator_with_mail, other_curator):
    mine = pair(curator=curator_with_mail)
    theirs = pair(curator=other_curator)
    fine = pair(curator=curator_with_mail)
    held(fine, DAY)
    pair_health_refresh(today=DAY)
    assert curator_digests_send(today=DAY) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    body = by_address["curator@school.test"].body
    assert mine.title in body and theirs.title not in body and fine.title not in body
    assert by_address["curator@school.test"].subject == "Наставничество: 1 пара требует внимания на этой неделе"
    assert "/registry/attention/" in body
    for word in ("категор", "ОВЗ", "одарён", "2010"):  # no categories, no birth dates
        assert word not in body
    assert theirs.title in by_address["other@school.test"].body


def test_the_digest_goes_once_a_week(curator_with_mail):
    pair(curator=curator_with_mail)
    pair_health_refresh(today=DAY)
    monday = D(2026, 9, 21)
    assert curator_digests_send(today=monday) == 1
    assert curator_digests_send(today=monday + datetime.timedelta(3)) == 0
    assert curator_digests_send(today=monday + datetime.timedelta(7)) == 1
    assert set(Letter.objects.filter(kind="digest").values_list("key", flat=True)) == {"2026-W39", "2026-W40"}


def test_no_digest_without_pairs_that_need_attention(curator_with_mail):
    p = pair(curator=curator_with_mail)
    held(p, DAY)
    pair_health_refresh(today=DAY)
    assert curator_digests_send(today=DAY) == 0
    assert mail.outbox == []
