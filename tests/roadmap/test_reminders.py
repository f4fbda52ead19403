import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from roadmap import services
from roadmap.models import Activity, Occurrence, ReminderLog
from roadmap.statuses import Status
from roadmap.tasks import send_roadmap_reminders
from tests.factories import UserFactory

D = datetime.date


@pytest.fixture
def monitoring_curator(db):
    user = UserFactory(email="curator@lyceum.example")
    Activity.objects.get(number="3.1").responsible_users.add(user)
    return user


def test_the_beat_runs_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["roadmap-reminders"]
    assert entry["task"] == "roadmap.tasks.send_roadmap_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


@pytest.mark.django_db
def test_a_reminder_goes_out_seven_days_before_and_only_once(monitoring_curator):
    with time_machine.travel(datetime.datetime(2021, 12, 12, 7, 0), tick=False):
        assert send_roadmap_reminders.delay().get() == 0  # eight days before: not yet
    with time_machine.travel(datetime.datetime(2021, 12, 13, 7, 0), tick=False):
        assert send_roadmap_reminders.delay().get() == 1
        assert send_roadmap_reminders.delay().get() == 0
    with time_machine.travel(datetime.datetime(2021, 12, 14, 7, 0), tick=False):
        assert send_roadmap_reminders.delay().get() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["curator@lyceum.example"]
    assert "20.12.2021" in message.subject
    assert "Мониторинг реализации программ наставничества в лицее" in message.body
    assert "через 7 дней" in message.body
    log = ReminderLog.objects.get()
    assert (log.event, log.occurrence.due_on) == ("due_soon", D(2021, 12, 20))


@pytest.mark.django_db
def test_an_overdue_reminder_goes_out_once_when_the_date_has_passed(monitoring_curator):
    for day in (21, 22, 23):
        with time_machine.travel(datetime.datetime(2021, 12, day, 7, 0), tick=False):
            services.reminders_send()
    overdue = [m for m in mail.outbox if "просрочено" in m.subject]
    assert len(overdue) == 1
    assert "истёк 20.12.2021" in overdue[0].body
    assert ReminderLog.objects.filter(event="overdue").count() == 1


@pytest.mark.django_db
def test_nothing_is_sent_for_done_occurrences(monitoring_curator):
    Occurrence.objects.filter(activity__number="3.1", due_on=D(2021, 12, 20)).update(status=Status.DONE)
    services.reminders_send(today=D(2021, 12, 15))
    services.reminders_send(today=D(2021, 12, 21))
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_first_run_does_not_mail_the_whole_history(monitoring_curator):
    assert services.reminders_send(today=D(2024, 3, 1)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_activities_without_responsible_users_send_nothing_and_stay_pending():
    assert services.reminders_send(today=D(2021, 12, 15)) == 0
    assert not ReminderLog.objects.exists()


@pytest.mark.django_db
def test_a_failed_send_is_retried_on_the_next_run(monitoring_curator, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("SMTP is down")

    monkeypatch.setattr("config.mail.send_mail", broken)  # the one send-once mechanism (config/mail.py)
    with pytest.raises(ConnectionError):
        services.reminders_send(today=D(2021, 12, 15))
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert services.reminders_send(today=D(2021, 12, 15)) == 1
