"""Celery tasks of the monitoring: thin, idempotent, ids only."""

from celery import shared_task

from .campaign_services import campaigns_daily, invitations_send


@shared_task(acks_late=True)
def send_campaign_invitations(campaign_id: int):
    """The first letters of a campaign (enqueued on commit by `campaign_start`); each goes once."""
    return invitations_send(campaign_id=campaign_id)


@shared_task(acks_late=True)
def campaigns_daily_run():
    """Daily (CELERY_BEAT_SCHEDULE): close the campaigns past their date, send the automatic reminders."""
    return campaigns_daily()
