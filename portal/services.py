from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SubmittedForm, WorkerHeartbeat


def heartbeat_record(*, token, hostname):
    # Idempotent: a redelivered task finds its row and changes nothing.
    heartbeat, _created = WorkerHeartbeat.objects.get_or_create(token=token, defaults={"hostname": hostname})
    return heartbeat


@transaction.atomic
def submitted_forms_prune(*, now=None) -> int:
    """Forget the form tokens older than SUBMISSION_KEEP_DAYS (portal/submission.py); returns how many."""
    now = now or timezone.now()
    deleted, _types = SubmittedForm.objects.filter(
        created_at__lt=now - timedelta(days=settings.SUBMISSION_KEEP_DAYS)
    ).delete()
    return deleted
