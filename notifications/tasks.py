from celery import shared_task

from .services import notifications_expire


@shared_task(acks_late=True)
def delete_old_notifications():
    """Daily (CELERY_BEAT_SCHEDULE): notifications are kept NOTIFICATIONS_KEEP_DAYS days."""
    return notifications_expire()
