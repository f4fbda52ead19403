"""The embedded SQLite database: two requests that read and then write at the same time both succeed.

With SQLite's default (deferred) transactions both take a read lock, then neither can write: one of them
fails at once with «database is locked» (a 500). With `SQLITE_OPTIONS` (IMMEDIATE, a busy timeout) the
second transaction waits at its start until the first has committed. Runs under any DATABASE_URL: the
database here is a file of its own, opened the way the settings open the embedded one.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connections, transaction

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "sqlite_writers"


def _read_then_write(name, pause_before, pause_between, outcomes):
    time.sleep(pause_before)
    try:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM item")
            time.sleep(pause_between)
            cursor.execute("INSERT INTO item (name) VALUES (%s)", [name])
        outcomes[name] = "saved"
    except OperationalError as error:
        outcomes[name] = str(error)
    finally:
        connections[ALIAS].close()


def _two_writers(tmp_path, options):
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "embedded.sqlite3"), "OPTIONS": options}
    processed = connections.configure_settings({"default": connections.settings["default"], ALIAS: database})
    connections.settings[ALIAS] = processed[ALIAS]
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
        connections[ALIAS].close()
        outcomes = {}
        threads = [
            threading.Thread(target=_read_then_write, args=("first", 0, 0.6, outcomes)),
            threading.Thread(target=_read_then_write, args=("second", 0.2, 0, outcomes)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return outcomes
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]  # this thread's connection object, opened on this test's file
        del connections.settings[ALIAS]


def test_two_transactions_reading_then_writing_at_once_both_succeed_with_the_settings_options(
    tmp_path, django_db_blocker
):
    with django_db_blocker.unblock():
        assert _two_writers(tmp_path, settings.SQLITE_OPTIONS) == {"first": "saved", "second": "saved"}


def test_without_the_options_one_of_them_fails_with_database_is_locked(tmp_path, django_db_blocker):
    # The control: proves that the test above sets up a real conflict.
    with django_db_blocker.unblock():
        outcomes = _two_writers(tmp_path, {})
    assert sorted(outcomes.values()) == ["database is locked", "saved"]


def test_the_embedded_database_is_opened_with_these_options():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}
    code = "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'] == s.SQLITE_OPTIONS)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert out.strip() == "True"
    assert settings.SQLITE_OPTIONS == {"transaction_mode": "IMMEDIATE", "timeout": 20}
