"""Celery tasks of the applications to join: thin, idempotent, with ids only as arguments."""

from celery import shared_task

from .services import application_answer_send, application_confirmation_send, applications_prune


@shared_task(acks_late=True)
def application_confirm(application_id: int):
    """The letter «received» to the applicant's e-mail (enqueued on commit by `application_submit`), once."""
    return application_confirmation_send(application_id=application_id)


@shared_task(acks_late=True)
def application_answer(application_id: int):
    """The answer to a declined application (enqueued on commit by `application_decline`), once."""
    return application_answer_send(application_id=application_id)


@shared_task(acks_late=True)
def prune_declined_applications():
    """Daily (CELERY_BEAT_SCHEDULE): declined applications past the keeping time are deleted."""
    return applications_prune()
