import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from portal.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


def _require_postgres_and_redis():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not settings.TEST_BROKER_URL.startswith("redis"):
        pytest.skip("needs a Redis broker: set CELERY_BROKER_URL=redis://…")


@pytest.fixture
def real_worker():
    """A Celery worker process on its own queue, using the test database."""
    _require_postgres_and_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.TEST_BROKER_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = settings.TEST_BROKER_URL
    celery_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_task_runs_through_a_real_celery_worker_and_its_result_lands_in_postgres(real_worker):
    token = uuid.uuid4().hex
    celery_app.send_task("portal.tasks.record_heartbeat", args=[token], queue=real_worker)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not WorkerHeartbeat.objects.filter(token=token).exists():
        time.sleep(0.5)
    heartbeat = WorkerHeartbeat.objects.get(token=token)
    assert heartbeat.hostname != "eager"
