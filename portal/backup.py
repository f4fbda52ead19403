"""Backups of the PostgreSQL database (pg_dump -Fc) and of the media and private files, and their restore."""

import datetime
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    pass


def _database_url(db=None):
    db = db or settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise BackupError("Резервное копирование командой pg_dump работает только с PostgreSQL (DATABASE_URL).")
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _run(command):
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 — fixed argv, no shell
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} завершился с кодом {result.returncode}")


def backup_create(*, target_dir: Path, database_name=None) -> Path:
    """Write db.dump, media.tar.gz and private.tar.gz into a new timestamped folder under target_dir; return it."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(target_dir) / stamp
    folder.mkdir(parents=True, exist_ok=False)
    db = dict(settings.DATABASES["default"], NAME=database_name or connection.settings_dict["NAME"])
    _run(["pg_dump", "--format=custom", "--no-owner", f"--dbname={_database_url(db)}", f"--file={folder / 'db.dump'}"])
    for archive_name, root in _file_roots():
        with tarfile.open(folder / archive_name, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
    return folder


def _file_roots():
    # The private files live beside MEDIA_ROOT, never inside it (config/checks.py): each has its archive.
    return [("media.tar.gz", Path(settings.MEDIA_ROOT)), ("private.tar.gz", Path(settings.PRIVATE_MEDIA_ROOT))]


def backup_restore(*, folder: Path, database_name=None) -> None:
    """Replace the database's contents and the media and private files with those of a backup folder."""
    folder = Path(folder)
    dump = folder / "db.dump"
    if not dump.exists():
        raise BackupError(f"В папке {folder} нет файла db.dump.")
    db = dict(settings.DATABASES["default"], NAME=database_name or connection.settings_dict["NAME"])
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_database_url(db)}",
            str(dump),
        ]
    )
    for archive_name, root in _file_roots():
        if (folder / archive_name).exists():
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            with tarfile.open(folder / archive_name) as archive:
                archive.extractall(root, filter="data")
