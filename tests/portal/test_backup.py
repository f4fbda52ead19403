"""A backup → restore drill on PostgreSQL: every table's row count is the same afterwards."""

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from mentorship.models import Person
from portal.backup import backup_create, backup_restore
from tests.factories import MentorshipFactory, StudentFactory


def _row_counts(dbname):
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=dbname) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_row_and_file(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "evidence.pdf").write_bytes(b"%PDF-1.4 test")
    (settings.PRIVATE_MEDIA_ROOT / "acts").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "acts" / "act.pdf").write_bytes(b"%PDF-1.4 act")
    for _ in range(5):
        MentorshipFactory(mentees=[StudentFactory(), StudentFactory()])
    dbname = connection.settings_dict["NAME"]
    before = _row_counts(dbname)

    folder = backup_create(target_dir=tmp_path / "backups")
    Person.objects.filter(kind="student").update(last_name="Испорчено")
    StudentFactory()
    (settings.MEDIA_ROOT / "evidence.pdf").unlink()
    (settings.PRIVATE_MEDIA_ROOT / "acts" / "act.pdf").unlink()

    backup_restore(folder=folder)
    assert _row_counts(dbname) == before
    assert not Person.objects.filter(last_name="Испорчено").exists()
    assert (settings.MEDIA_ROOT / "evidence.pdf").read_bytes() == b"%PDF-1.4 test"
    assert (settings.PRIVATE_MEDIA_ROOT / "acts" / "act.pdf").read_bytes() == b"%PDF-1.4 act"
    assert sum(before.values()) > 50
