"""RosterJob left mentorship for the roster app: an existing database migrates with its rows and permissions."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType

from roster.models import RosterJob
from tests.migrations import leaves, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mentorship", "0009_mentorship_work_as_mentor"), ("roster", None)]


def test_an_existing_journal_migrates_into_the_roster_app_with_its_rows_and_permissions():
    latest = leaves()
    old = migrate_to(BEFORE)
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
        migrate_to(latest)

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
    latest = leaves()
    RosterJob.objects.create(kind="teachers", file_name="педагоги.xlsx")
    old = migrate_to(BEFORE)
    try:
        assert list(old.get_model("mentorship", "RosterJob").objects.values_list("file_name", flat=True)) == [
            "педагоги.xlsx"
        ]
    finally:
        migrate_to(latest)
    assert list(RosterJob.objects.values_list("file_name", flat=True)) == ["педагоги.xlsx"]
