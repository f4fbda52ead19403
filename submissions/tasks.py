from celery import shared_task

from .services import submitted_forms_prune


@shared_task
def prune_submitted_forms():
    """Celery beat, daily: forget the tokens of forms sent more than SUBMISSION_KEEP_DAYS ago."""
    return submitted_forms_prune()
