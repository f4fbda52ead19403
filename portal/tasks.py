from celery import shared_task

from .services import heartbeat_record


@shared_task(acks_late=True)
def record_heartbeat(token):
    heartbeat_record(token=token, hostname=record_heartbeat.request.hostname or "eager")
