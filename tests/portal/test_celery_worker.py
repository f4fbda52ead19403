import time
import uuid

import pytest

from config.celery import app as celery_app
from portal.models import WorkerHeartbeat

# The `real_worker` fixture lives in tests/conftest.py (the reports tests use it too).


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
