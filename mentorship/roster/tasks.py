from celery import shared_task

from .jobs import roster_job_run


@shared_task(acks_late=True, name="mentorship.roster.run_roster_job")
def run_roster_job(job_id):
    roster_job_run(job_id=job_id)
