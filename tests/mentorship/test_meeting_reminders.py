"""The reminder to the mentor the day before a planned meeting: once, thin, ids only, nothing about the children."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from mentorship.models import Meeting
from mentorship.services import meeting_cancel, meeting_log, meeting_reminders_send
from mentorship.tasks import send_meeting_reminder, send_meeting_reminders
from tests.factories import MentorshipFactory, StudentFactory, UserFactory, category

pytestmark = pytest.mark.django_db
D = datetime.date


def _at(day, hour=7, minute=5):
    """A moment in Kirov (UTC+3), as the beat would run."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour - 3, minute, tzinfo=datetime.UTC))


@pytest.fixture
def pair(db):
    user = UserFactory(email="mentor@lyceum.example")
    mentor = StudentFactory(grade=10, user=user)
    mentee = StudentFactory(last_name="Тихонова", first_name="Вера", categories=[category("underachieving")])
    return MentorshipFactory(mentor=mentor, mentees=[mentee], start_date=D(2025, 9, 1))


def _plan(pair, day, topic="Подготовка к олимпиаде"):
    with _at(D(2026, 3, 2), hour=12):
        return meeting_log(mentorship=pair, data={"date": day, "status": "planned", "topic": topic})


def test_the_beat_runs_the_meeting_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["mentorship-meeting-reminders"]
    assert entry["task"] == "mentorship.tasks.send_meeting_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {5}


def test_the_reminder_goes_out_the_day_before_and_never_twice(pair):
    meeting = _plan(pair, D(2026, 3, 10))
    with _at(D(2026, 3, 8)):
        assert send_meeting_reminders.delay().get() == 0  # two days before: not yet
    with _at(D(2026, 3, 9)):
        assert send_meeting_reminders.delay().get() == 1
        assert send_meeting_reminders.delay().get() == 0  # the rerun finds it sent
    with _at(D(2026, 3, 10)):
        assert send_meeting_reminders.delay().get() == 0
    assert len(mail.outbox) == 1
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_the_letter_says_the_date_the_topic_and_the_link_and_nothing_about_the_mentee(pair):
    meeting = _plan(pair, D(2026, 3, 10))
    with _at(D(2026, 3, 9)):
        meeting_reminders_send()
    (letter,) = mail.outbox
    assert letter.to == ["mentor@lyceum.example"]
    assert letter.subject == "Наставничество: завтра, 10.03.2026, встреча"
    assert "Завтра, 10.03.2026, у вас запланирована встреча по наставничеству." in letter.body
    assert "Тема: Подготовка к олимпиаде" in letter.body
    assert f"{settings.PORTAL_URL}/registry/mentorships/{meeting.mentorship_id}/" in letter.body
    for private in ("Тихонова", "Вера", "неуспевающ", "Неуспевающ"):
        assert private not in letter.subject + letter.body


def test_no_reminder_for_a_cancelled_or_a_held_meeting(pair):
    cancelled = _plan(pair, D(2026, 3, 10), topic="Отменённая")
    meeting_cancel(meeting=cancelled)
    Meeting.objects.create(mentorship=pair, date=D(2026, 3, 10), topic="Уже состоялась", status=Meeting.Status.HELD)
    with _at(D(2026, 3, 9)):
        assert meeting_reminders_send() == 0
    assert mail.outbox == []


def test_no_reminder_for_a_closed_pair_or_a_mentor_without_an_address(pair):
    _plan(pair, D(2026, 3, 10))
    pair.mentor.user.email = ""
    pair.mentor.user.save()
    with _at(D(2026, 3, 9)):
        assert meeting_reminders_send() == 0
    pair.mentor.user.email = "mentor@lyceum.example"
    pair.mentor.user.save()
    pair.status = "completed"
    pair.end_date = D(2026, 3, 9)
    pair.save()
    with _at(D(2026, 3, 9)):
        assert meeting_reminders_send() == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(pair, monkeypatch):
    meeting = _plan(pair, D(2026, 3, 10))

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP is down")

    monkeypatch.setattr("config.mail.send_mail", broken)
    with _at(D(2026, 3, 9)), pytest.raises(ConnectionError):
        meeting_reminders_send()
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None  # the claim was rolled back with the failed send
    monkeypatch.undo()
    with _at(D(2026, 3, 9), hour=8):
        assert meeting_reminders_send() == 1


def test_a_meeting_planned_for_tomorrow_after_the_morning_run_is_reminded_on_commit_with_its_id_only(
    pair, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(send_meeting_reminder, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    with _at(D(2026, 3, 9), hour=15), django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = meeting_log(mentorship=pair, data={"date": D(2026, 3, 10), "status": "planned", "topic": "Итоги"})
    assert sent == []  # nothing is enqueued before the commit
    for callback in callbacks:
        callback()
    assert sent == [((meeting.pk,), {})]  # an id, no personal data


def test_the_single_meeting_task_sends_once_like_the_beat(pair):
    meeting = _plan(pair, D(2026, 3, 10))
    with _at(D(2026, 3, 9), hour=15):
        assert send_meeting_reminder.delay(meeting.pk).get() == 1
        assert send_meeting_reminders.delay().get() == 0
    assert len(mail.outbox) == 1


def test_a_meeting_planned_further_ahead_enqueues_no_reminder(pair, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(send_meeting_reminder, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    with _at(D(2026, 3, 2), hour=15), django_capture_on_commit_callbacks(execute=True):
        meeting_log(mentorship=pair, data={"date": D(2026, 3, 10), "status": "planned", "topic": "Позже"})
    assert sent == []  # (the commit still announces the meeting to pair health: config/events.py)
