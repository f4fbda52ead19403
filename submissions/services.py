"""Writes of the one-time form tokens (the decorator in submissions/decorators.py calls them)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmittedForm


def submission_claim(*, token: str, user: User | None) -> SubmittedForm | None:
    """Claim a form's token (committed at once, outside any longer transaction); None if it is already claimed."""
    try:
        with transaction.atomic():
            return SubmittedForm.objects.create(token=token, user=user)
    except IntegrityError:
        return None


@transaction.atomic
def submission_done(*, claim: SubmittedForm, result_url: str) -> None:
    SubmittedForm.objects.filter(pk=claim.pk).update(result_url=result_url[:500])


@transaction.atomic
def submission_release(*, claim: SubmittedForm) -> None:
    """Nothing was created: the same form may be sent again."""
    SubmittedForm.objects.filter(pk=claim.pk).delete()


@transaction.atomic
def submitted_forms_prune(*, now: datetime | None = None) -> int:
    """Forget the form tokens older than SUBMISSION_KEEP_DAYS (submissions/decorators.py); returns how many."""
    now = now or timezone.now()
    deleted, _types = SubmittedForm.objects.filter(
        created_at__lt=now - timedelta(days=settings.SUBMISSION_KEEP_DAYS)
    ).delete()
    return deleted
