import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

from config.celery import app as celery_app
from portal import roles
from portal.roles import ADMIN, CURATOR, DIRECTOR, MENTOR
from tests.factories import UserFactory
from tests.reference_data import restore_reference_data

# Branch campaign (issue 18): until the kit branch gives curators and administrators
# `monitoring.manage_questionnaires` in portal/roles.py, the tests give it here (read by the role sync on
# migrate). A no-op once roles.py has it; the lead removes this at the merge.
for _role in (CURATOR, ADMIN):
    _patterns = roles.ROLE_PERMISSIONS[_role]
    if not any(p in ("monitoring.*", "monitoring.manage_questionnaires") for p in _patterns):
        _patterns.append("monitoring.manage_questionnaires")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ROOT = Path(__file__).resolve().parents[1]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Under CI every service is there, so a skipped test means something is missing: fail loudly.
    skipped = terminalreporter.stats.get("skipped", [])
    if IN_CI and skipped:
        terminalreporter.write_line(f"CI: {len(skipped)} test(s) skipped; nothing may skip under CI.", red=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _user_with_role(role, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_user_role(db):
    return _user_with_role(ADMIN, is_staff=True)


@pytest.fixture
def director(db):
    return _user_with_role(DIRECTOR)


@pytest.fixture
def curator(db):
    return _user_with_role(CURATOR)


@pytest.fixture
def mentor_user(db):
    return _user_with_role(MENTOR)


@pytest.fixture
def no_role_user(db):
    return UserFactory()


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _route_tasks(routes):
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)  # the cached router holds the old routing table


def _require_postgres_and_redis():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not settings.TEST_BROKER_URL.startswith("redis"):
        pytest.skip("needs a Redis broker: set CELERY_BROKER_URL=redis://…")


@pytest.fixture
def real_worker():
    """A Celery worker process on its own queue, using the test database and the test's media roots.

    While it runs, every task sent with `.delay()` is routed to that queue, so a service that enqueues
    its task reaches this worker and no other worker sharing the broker.
    """
    _require_postgres_and_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.TEST_BROKER_URL,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
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
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_routes)
    celery_app.conf.broker_url = settings.TEST_BROKER_URL
    celery_app.conf.task_always_eager = False
    _route_tasks({"*": {"queue": queue}})
    try:
        yield queue
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager, routes = previous
        _route_tasks(routes)
        worker.terminate()
        worker.wait(timeout=30)
