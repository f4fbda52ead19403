from celery import shared_task

from .services import summaries_requeue_stale, summary_generate, summary_request_due


@shared_task(acks_late=True)
def generate_summary(summary_id):
    """Generate a queued summary's PDF (idempotent: a summary not queued or generating is left alone)."""
    summary = summary_generate(summary_id=summary_id)
    return summary.status if summary is not None else None


@shared_task(acks_late=True)
def generate_due_summary():
    """Celery beat, 20 June and 20 December at 06:00 Europe/Kirov: the summary of that date."""
    return summary_request_due().as_of.isoformat()


@shared_task(acks_late=True)
def requeue_stale_summaries():
    """Celery beat, every few minutes: send again the summaries whose task was lost (broker down when
    they were requested, Redis restarted, worker killed)."""
    return [d.isoformat() for d in summaries_requeue_stale()]
