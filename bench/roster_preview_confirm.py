"""Preview + confirm in the portal vs one import of the same file, on the same database (issue 16).

The preview of a people roster writes nothing and keeps its plan; the confirm applies the plan without
reading or validating the file again. Goal: preview + confirm ≤ 1.3× one import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchroster .venv/bin/python bench/roster_preview_confirm.py

BENCH_ROWS (default 10000) rows of students, as bench/roster_import.py writes them.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "bench-roster-preview-" + "x" * 40)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/benchroster")
os.environ.setdefault("LOG_LEVEL", "WARNING")

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))


def main():
    from roster_import import clear_people, ensure_database, make_file, setup_django

    ensure_database()
    setup_django()
    from django.conf import settings
    from django.db import connection

    from mentorship.models import Person
    from roster import services
    from roster.importer import roster_import
    from roster.models import RosterJob

    settings.ROSTER_ASYNC_ROWS = 10**9  # in the request: the same code the Celery task runs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "students.xlsx"
        make_file(path, ROWS)
        clear_people()
        started = time.perf_counter()
        result = roster_import(kind="students", path=path)
        one = time.perf_counter() - started
        assert result.created == ROWS, result.errors[:3]
        clear_people()
        stored = f"roster/bench-{os.getpid()}.xlsx"
        services.private_path(stored).parent.mkdir(parents=True, exist_ok=True)
        services.private_path(stored).write_bytes(path.read_bytes())
        job = RosterJob.objects.create(kind="students", file_name="students.xlsx", stored_file=stored)
        started = time.perf_counter()
        services.roster_job_run(job_id=job.pk)
        preview = time.perf_counter() - started
        job.refresh_from_db()
        assert job.status == RosterJob.Status.PREVIEW, job.message
        started = time.perf_counter()
        job = services.roster_confirm(job=job)
        confirm = time.perf_counter() - started
        assert job.status == RosterJob.Status.DONE and Person.objects.count() == ROWS, job.message
        job.delete()
        clear_people()
    total = preview + confirm
    print(f"{connection.vendor}, {ROWS} students")
    print(f"| one import | {one:.2f} s |")
    print(f"| preview | {preview:.2f} s |")
    print(f"| confirm (the preview's plan) | {confirm:.2f} s |")
    print(f"| preview + confirm | {total:.2f} s = {total / one:.2f}× one import (goal ≤ 1.3×) |")


if __name__ == "__main__":
    main()
