from celery import shared_task

from .services import snapshot_record_due


@shared_task(acks_late=True)
def record_due_snapshot():
    """Records the values of the latest monitoring date (idempotent: recorded values stay as they are)."""
    as_of, _values = snapshot_record_due()
    return as_of.isoformat()
