import os

import pytest
from django.contrib.auth.models import Group

from portal.roles import ADMIN, CURATOR, DIRECTOR, MENTOR
from tests.factories import UserFactory
from tests.reference_data import restore_reference_data

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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
