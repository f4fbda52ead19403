"""The broker down when a large roster job is queued, and the recovery of jobs whose task was lost."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from mentorship.models import Person
from roster import tasks
from roster.models import RosterJob
from roster.services import roster_jobs_requeue_stale

from .files import STUDENT_HEADER, students, xlsx
from .test_views import _upload

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _refuse(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_large_upload_stays_queued_and_the_recovery_runs_it(
    client_as, admin_user_role, tmp_path, settings, monkeypatch
):
    settings.ROSTER_ASYNC_ROWS = 10
    monkeypatch.setattr(tasks.run_roster_job, "delay", _refuse)
    response = _upload(client_as(admin_user_role), xlsx([STUDENT_HEADER, *students(30)], tmp_path / "big.xlsx"))
    assert response.status_code == 200
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.QUEUED

    # Still down: nothing sent, the job waits.
    RosterJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    assert roster_jobs_requeue_stale() == []
    # Back: the job is sent again and the (eager) task checks the file.
    monkeypatch.undo()
    assert tasks.requeue_stale_roster_jobs.delay().get() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 30)
    assert Person.objects.count() == 0
    assert roster_jobs_requeue_stale() == []


def test_recovery_leaves_recent_and_running_jobs_alone(monkeypatch, settings):
    settings.JOBS_REQUEUE_QUEUED_MINUTES = 10
    sent = []
    monkeypatch.setattr(tasks.run_roster_job, "delay", sent.append)
    old = timezone.now() - datetime.timedelta(minutes=11)
    lost = RosterJob.objects.create(kind="students", file_name="a.xlsx")
    recent = RosterJob.objects.create(kind="students", file_name="b.xlsx")
    running = RosterJob.objects.create(kind="students", file_name="c.xlsx", status=RosterJob.Status.RUNNING)
    RosterJob.objects.filter(pk__in=[lost.pk, running.pk]).update(created_at=old)
    assert roster_jobs_requeue_stale() == [lost.pk]
    assert sent == [lost.pk] and recent.pk not in sent


def test_the_worker_finds_the_roster_tasks_by_autodiscovery_alone():
    # A fresh interpreter, as a worker starts: nothing has imported roster.tasks before the autodiscovery.
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from config.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print(sorted(n for n in app.tasks if 'roster' in n))\n"
        "print(all(e['task'] in app.tasks for e in settings.CELERY_BEAT_SCHEDULE.values()))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    roster_tasks, beat_found = out.stdout.splitlines()[-2:]
    assert roster_tasks == str(
        [
            "mentorship.roster.expire_roster_previews",
            "mentorship.roster.requeue_stale_roster_jobs",
            "mentorship.roster.run_roster_job",
        ]
    )
    assert beat_found == "True"
