from celery import shared_task

from .services import roster_job_run, roster_jobs_requeue_stale, roster_previews_expire

# The task names are kept from when the roster was a package of mentorship: messages already queued, and the
# beat schedule (CELERY_BEAT_SCHEDULE), keep finding their task.


@shared_task(acks_late=True, name="mentorship.roster.run_roster_job")
def run_roster_job(job_id):
    roster_job_run(job_id=job_id)


@shared_task(acks_late=True, name="mentorship.roster.requeue_stale_roster_jobs")
def requeue_stale_roster_jobs():
    """Celery beat, every few minutes: send again the jobs whose task was lost."""
    return roster_jobs_requeue_stale()


@shared_task(acks_late=True, name="mentorship.roster.expire_roster_previews")
def expire_roster_previews():
    """Celery beat, daily: previews left unconfirmed lose their file and rows."""
    return roster_previews_expire()
