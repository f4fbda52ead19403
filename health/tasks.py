"""Celery tasks of pair health: thin, idempotent, ids only."""

import datetime

from celery import shared_task

from .services import curator_digests_send, mentor_reminders_send, pair_health_refresh


@shared_task(acks_late=True)
def compute_pair_health(today: str | None = None):
    """Daily (CELERY_BEAT_SCHEDULE): every active pair's health, then the mentors' reminders.

    `today` (an ISO date) runs it for a given day; a rerun sends nothing new."""
    day = datetime.date.fromisoformat(today) if today else None
    counts = pair_health_refresh(today=day)
    counts["reminders"] = mentor_reminders_send(today=day)
    return counts


@shared_task(acks_late=True)
def refresh_pair(mentorship_id: int):
    """One pair recomputed (after a meeting is written, through the `meeting_written` hook)."""
    return pair_health_refresh(mentorship_ids=[mentorship_id])


@shared_task(acks_late=True)
def send_curator_digests():
    """Weekly (Monday): the curators' digests, once per curator and ISO week."""
    return curator_digests_send()
