from celery import shared_task

from .services import deliveries_retry_due, delivery_queue_due, delivery_send


@shared_task(acks_late=True)
def send_delivery(delivery_id):
    """Send a queued or retried report to the hub (idempotent: one not due is left alone)."""
    delivery = delivery_send(delivery_id=delivery_id)
    return delivery.status if delivery is not None else None


@shared_task(acks_late=True)
def push_due_report():
    """Celery beat, 20 June and 20 December at 06:40 Europe/Kirov (after the KPI snapshot and the summary):
    queue the report of the latest monitoring date not yet queued."""
    delivery = delivery_queue_due()
    return delivery.monitoring_date.isoformat() if delivery is not None else None


@shared_task(acks_late=True)
def retry_due_deliveries():
    """Celery beat, every five minutes: the deliveries whose next attempt has come."""
    return deliveries_retry_due()
