"""Roster import vs its floors, in one run on the same database and the same file.

Floors: the bare python-calamine read of the file (every cell of the sheet into Python), and that read
plus the cheapest write of the same rows — the import's own `config.bulk.insert_rows` (PostgreSQL binary
COPY) — with no header matching, no lookups, no validation. The import service adds the
safety checks, the layout (hidden rows and columns), header matching, cell parsing, matching against the
registry, every rule of `person_validate` (person_rules; full_clean's field rules column by column, full_clean
itself for a suspect row), the in-file duplicate checks and the all-or-nothing
transaction. Also measured: the admin's preview + confirm (two runs of the job, as the portal does them),
and the peak memory of a 100,000-row import (a fresh subprocess: ru_maxrss).
Goals (issue 16): 100,000 students ≤ 6 s on PostgreSQL and ≤ 1.5× the read + COPY floor, peak
memory < 300 MB, preview + confirm ≤ 1.3× one import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchroster .venv/bin/python bench/roster_import.py

Prints the figures as a Markdown block for docs/benchmarks.md.
"""

import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "bench-roster-import-" + "x" * 40)  # DEBUG off: settings need a key
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/benchroster")
os.environ.setdefault("LOG_LEVEL", "WARNING")

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
HEADER = ["ID", "ФИО", "Дата рождения", "Класс", "Дата зачисления"]
LETTERS = "АБВГ"


def make_file(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Обучающиеся")
    sheet.append(["Список обучающихся на 01.09.2024"])
    sheet.append(HEADER)
    for n in range(rows):
        birth = datetime.date(2008 + n % 9, 1 + n % 12, 1 + n % 28)
        sheet.append(
            [
                f"S{n:06d}",
                f"Фамилия{n} Имя{n % 97} Отчество{n % 89}",
                birth if n % 2 else birth.strftime("%d.%m.%Y"),  # half Excel dates, half text
                f"{1 + n % 11} {LETTERS[n % 4]}",
                datetime.date(2020, 9, 1),
            ]
        )
    workbook.save(path)


def ensure_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(migrate=True):
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def clear_people():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE mentorship_person RESTART IDENTITY CASCADE")


def read_floor(path):
    """python-calamine alone: every cell of the sheet into Python."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python()
    workbook.close()
    return len(rows) - 2


def floor(path):
    """python-calamine read + the cheapest write of the same rows: the import's own `insert_rows` (PostgreSQL
    binary COPY, the keys from the sequence), with the least work in between (the cells split and converted
    as this file needs, nothing looked up or checked)."""
    import python_calamine
    from django.db import transaction
    from django.utils import timezone

    from config.bulk import insert_rows
    from mentorship.models import Person

    defaults = {f.attname: f.get_default() for f in Person._meta.concrete_fields if not f.primary_key}
    now = timezone.now()
    defaults.update(kind=Person.Kind.STUDENT, created_at=now, updated_at=now)
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    people = []
    for number, row in enumerate(workbook.get_sheet_by_index(0).iter_rows(), start=1):
        if number <= 2:
            continue
        roster_id, full_name, birth, klass, joined = row[:5]
        last, first, patronymic = full_name.split(" ", 2)
        if isinstance(birth, str):
            day, month, year = birth.split(".")
            birth = datetime.date(int(year), int(month), int(day))
        grade, letter = klass.split(" ")
        people.append(
            {
                **defaults,
                "roster_id": roster_id,
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "birth_date": birth,
                "grade": int(grade),
                "class_letter": letter,
                "date_joined": joined,
            }
        )
    workbook.close()
    with transaction.atomic():
        insert_rows(Person, people, keys=False)  # as the import writes when no row needs its new key
    return len(people)


def preview_and_confirm(path):
    """The admin's way: the check (a dry run, the preview), then the confirmed import, as jobs."""
    import shutil

    from django.conf import settings

    from roster.models import RosterJob
    from roster.services import private_path, roster_confirm, roster_job_run

    settings.ROSTER_ASYNC_ROWS = 10**9  # in this process, not through Celery
    stored = f"roster/bench-{os.getpid()}.xlsx"
    private_path(stored).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, private_path(stored))
    job = RosterJob.objects.create(kind="students", file_name="bench.xlsx", stored_file=stored)
    job = roster_job_run(job_id=job.pk)
    assert job.status == RosterJob.Status.PREVIEW, job.message
    job = roster_confirm(job=job)
    assert job.status == RosterJob.Status.DONE, job.message
    return job.created


def service(path):
    from roster.importer import roster_import

    result = roster_import(kind="students", path=path)
    assert result.ok, result.errors[:3]
    return result.created


def backend_cpu():
    """CPU seconds the PostgreSQL backend of this connection has used (its /proc entry: the server is local)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


CPU = {}  # function name → [client + server CPU seconds of each run]


def timed(function, path):
    clear_people()
    cpu = time.process_time() + backend_cpu()
    start = time.perf_counter()
    count = function(path)
    elapsed = time.perf_counter() - start
    CPU.setdefault(function.__name__, []).append(time.process_time() + backend_cpu() - cpu)
    assert count == ROWS, count
    return elapsed


def peak_memory_child(path):
    """Run in a subprocess: a fresh process, so ru_maxrss is this import's peak alone."""
    import resource

    setup_django(migrate=False)  # the parent migrated; migrating here would raise the high-water mark
    clear_people()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    from roster.importer import roster_import

    result = roster_import(kind="students", path=path)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.ok and result.created == ROWS, (result.summary(), result.errors[:3])
    clear_people()
    print(f"{before / 1024:.0f} {peak / 1024:.0f} {elapsed:.1f}")


def _runs(values):
    return ", ".join(f"{x:.2f}" for x in values)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--peak":
        peak_memory_child(sys.argv[2])
        return
    ensure_database()
    setup_django()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "students.xlsx"
        make_file(path, ROWS)
        size_mb = path.stat().st_size / 1024 / 1024
        out = subprocess.run(
            [sys.executable, __file__, "--peak", str(path)], capture_output=True, text=True, check=True
        ).stdout.split()
        base_mb, peak_mb = float(out[0]), float(out[1])
        reads, floors, services, admins = [], [], [], []
        for _ in range(RUNS):
            reads.append(timed(read_floor, path))
            floors.append(timed(floor, path))
            services.append(timed(service, path))
            admins.append(timed(preview_and_confirm, path))
        clear_people()
    r, f, s, a = (statistics.median(x) for x in (reads, floors, services, admins))
    cr, cf, cs, ca = (statistics.median(CPU[n.__name__]) for n in (read_floor, floor, service, preview_and_confirm))
    print("## Roster import vs floor\n")
    print(
        f"- Date: {datetime.date.today():%Y-%m-%d}; machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores shared, Python {platform.python_version()}, PostgreSQL (DATABASE_URL)."
    )
    print(
        "- Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchroster "
        ".venv/bin/python bench/roster_import.py`"
    )
    print(
        f"- {ROWS:,} student rows ({size_mb:.1f} MB .xlsx, title row, half Excel dates, half text dates), "
        f"medians of {RUNS} runs:"
    )
    print(f"  - python-calamine read alone: {r:.2f} s (runs: {_runs(reads)})")
    print(f"  - floor, read + COPY of the same rows: {f:.2f} s (runs: {_runs(floors)})")
    print(f"  - import service (full validation, one transaction): **{s:.2f} s** (runs: {_runs(services)}; goal ≤ 6 s)")
    print(f"  - **ratio import / floor: {s / f:.2f}×** (goal ≤ 1.5×); import / read alone: {s / r:.1f}×")
    print(
        f"  - preview + confirm (two job runs): {a:.2f} s (runs: {_runs(admins)}), "
        f"**{a / s:.2f}× one import** (goal ≤ 1.3×)"
    )
    print(
        f"- CPU (this process + its PostgreSQL backend, medians; independent of the other jobs' load): read "
        f"{cr:.2f} s, floor {cf:.2f} s, import {cs:.2f} s = **{cs / cf:.2f}× the floor**, preview + confirm "
        f"{ca:.2f} s = {ca / cs:.2f}× one import"
    )
    print(f"- Load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    print(
        f"- Peak RSS of the import: **{peak_mb:.0f} MB** (process after Django setup: {base_mb:.0f} MB; goal < 300 MB)"
    )


if __name__ == "__main__":
    main()
