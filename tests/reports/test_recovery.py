"""The broker down when a summary is requested, and the recovery of summaries whose task was lost."""

import datetime

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports import services, tasks
from reports.models import AnalyticSummary

from .factories import D

pytestmark = pytest.mark.django_db

SUMMARY = "/reports/2024-12-20/"
Status = AnalyticSummary.Status


@pytest.fixture
def broker_down(monkeypatch):
    sent = []

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.generate_summary, "delay", refuse)
    return sent


@pytest.fixture
def broker_up(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.generate_summary, "delay", lambda summary_id: sent.append(summary_id))
    return sent


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_generate_keeps_the_summary_queued_and_tells_the_user(client_as, curator, broker_down):
    """A real commit (no test transaction around the request), as in production: the task is sent, and
    fails, before the view answers."""
    client = client_as(curator)
    response = client.post(SUMMARY, {"conclusions": "Выводы", "decisions": "", "generate": "1"})
    assert response.status_code == 302 and response.url == SUMMARY
    summary = AnalyticSummary.objects.get()
    assert summary.status == Status.QUEUED and summary.conclusions == "Выводы"
    html = client.get(SUMMARY).content.decode()
    assert "служба фоновых задач сейчас недоступна" in html
    assert "В очереди" in html and 'http-equiv="refresh"' in html


def test_with_the_broker_up_the_user_is_told_the_summary_is_queued(
    client_as, curator, broker_up, django_capture_on_commit_callbacks
):
    client = client_as(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUMMARY, {"conclusions": "", "decisions": "", "generate": "1"})
    summary = AnalyticSummary.objects.get()
    assert broker_up == [summary.pk]
    html = client.get(SUMMARY).content.decode()
    assert "Справка поставлена в очередь" in html and "недоступна" not in html


def _pending(status, minutes_ago, as_of=D):
    return AnalyticSummary.objects.create(
        as_of=as_of,
        period_start=as_of,
        status=status,
        requested_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_recovery_sends_again_the_summaries_queued_or_generating_for_too_long(broker_up, settings):
    settings.JOBS_REQUEUE_QUEUED_MINUTES = 10
    settings.JOBS_REQUEUE_RUNNING_MINUTES = 30
    lost_queued = _pending(Status.QUEUED, 11, datetime.date(2024, 12, 20))
    waiting = _pending(Status.QUEUED, 2, datetime.date(2024, 6, 20))
    lost_generating = _pending(Status.GENERATING, 31, datetime.date(2023, 12, 20))
    generating = _pending(Status.GENERATING, 12, datetime.date(2023, 6, 20))
    _pending(Status.DONE, 600, datetime.date(2022, 12, 20))
    _pending(Status.FAILED, 600, datetime.date(2022, 6, 20))

    assert services.summaries_requeue_stale() == [lost_generating.as_of, lost_queued.as_of]
    assert sorted(broker_up) == sorted([lost_queued.pk, lost_generating.pk])
    assert waiting.pk not in broker_up and generating.pk not in broker_up
    # Sent again: the clock starts anew, so the next run leaves them alone.
    assert services.summaries_requeue_stale() == []
    assert len(broker_up) == 2


def test_recovery_with_the_broker_still_down_sends_nothing_and_tries_again_later(monkeypatch, broker_down):
    summary = _pending(Status.QUEUED, 60)
    requested_at = summary.requested_at
    assert services.summaries_requeue_stale() == []
    summary.refresh_from_db()
    assert summary.status == Status.QUEUED and summary.requested_at == requested_at
    sent = []
    monkeypatch.setattr(tasks.generate_summary, "delay", lambda summary_id: sent.append(summary_id))
    assert services.summaries_requeue_stale() == [D]
    assert sent == [summary.pk]


def test_a_summary_sent_again_is_generated_once_and_a_duplicate_task_does_nothing(settings):
    """The recovered task runs (eagerly in tests): the summary is generated; the same task delivered
    once more (the lost message found after all) leaves the done summary as it is."""
    from .factories import december_scenario

    december_scenario()
    summary = _pending(Status.GENERATING, 120)
    assert tasks.requeue_stale_summaries.delay().get() == [D.isoformat()]
    summary.refresh_from_db()
    assert summary.status == Status.DONE and summary.page_count
    generated_at = summary.generated_at
    assert tasks.generate_summary.delay(summary.pk).get() == Status.DONE
    summary.refresh_from_db()
    assert summary.generated_at == generated_at
    assert AnalyticSummary.objects.count() == 1


def test_the_beat_schedule_runs_the_recovery(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reports-requeue-stale"]["task"] == "reports.tasks.requeue_stale_summaries"
    assert schedule["roster-requeue-stale"]["task"] == "mentorship.roster.requeue_stale_roster_jobs"
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
