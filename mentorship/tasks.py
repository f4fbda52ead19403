"""Celery tasks of the registry: thin, idempotent, with ids only as arguments."""

from celery import shared_task

from .services import meeting_reminders_send


@shared_task(acks_late=True)
def send_meeting_reminders():
    """Daily (CELERY_BEAT_SCHEDULE): remind mentors of the meetings they planned for tomorrow, once each."""
    return meeting_reminders_send()


@shared_task(acks_late=True)
def send_meeting_reminder(meeting_id: int):
    """One meeting planned for tomorrow after the morning's run (enqueued on commit by `meeting_log`)."""
    return meeting_reminders_send(meeting_ids=[meeting_id])
