from celery import shared_task

from .services import reminders_send


@shared_task(acks_late=True)
def send_roadmap_reminders():
    """Daily (CELERY_BEAT_SCHEDULE): reminders a week before an occurrence is due and once it is overdue."""
    return reminders_send()
