"""RosterJob left mentorship for the roster app: an existing database migrates with its rows and permissions."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from roster.models import RosterJob

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mentorship", "0009_mentorship_work_as_mentor"), ("roster", None)]


def _migrate(targets):
    """Migrate the database to `targets`; the models as they are then (every app, roster at its target)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps_at = {label for label, _name in targets}
    nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps_at]
    return executor.loader.project_state(nodes + [t for t in targets if t[1]]).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_an_existing_journal_migrates_into_the_roster_app_with_its_rows_and_permissions():
    leaves = _leaves()
    old = _migrate(BEFORE)
    try:
        old_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="mentorship", model="rosterjob"
        )[0]
        permission = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=old_type, codename="import_roster", defaults={"name": "Can import rosters"}
        )[0]
        group = old.get_model("auth", "Group").objects.create(name="Импорт списков")
        group.permissions.add(permission)
        user = old.get_model("auth", "User").objects.create(username="importer")
        user.user_permissions.add(permission)
        job = old.get_model("mentorship", "RosterJob").objects.create(
            kind="students", file_name="список.xlsx", status="done", created=12, user=user
        )
        mentors_job = old.get_model("mentorship", "RosterJob").objects.create(kind="mentors", file_name="внешние.xlsx")
    finally:
        _migrate(leaves)

    moved = RosterJob.objects.get(pk=job.pk)
    assert (moved.file_name, moved.status, moved.created) == ("список.xlsx", "done", 12)
    assert moved.user.username == "importer"
    assert RosterJob.objects.get(pk=mentors_job.pk).kind == RosterJob.Kind.EXTERNAL == "external"  # one slug
    assert RosterJob._meta.db_table == "roster_rosterjob"
    assert not ContentType.objects.filter(app_label="mentorship", model="rosterjob").exists()
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "roster"
    assert Group.objects.get(name="Импорт списков").permissions.filter(codename="import_roster").exists()
    assert User.objects.get(username="importer").has_perm("roster.import_roster")


def test_the_move_can_be_undone_back_to_mentorship():
    leaves = _leaves()
    RosterJob.objects.create(kind="teachers", file_name="педагоги.xlsx")
    old = _migrate(BEFORE)
    try:
        assert list(old.get_model("mentorship", "RosterJob").objects.values_list("file_name", flat=True)) == [
            "педагоги.xlsx"
        ]
    finally:
        _migrate(leaves)
    assert list(RosterJob.objects.values_list("file_name", flat=True)) == ["педагоги.xlsx"]
