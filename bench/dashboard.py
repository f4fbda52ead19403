"""The director's dashboard at 10,000 students and 3,000 mentorships, against the bare aggregate query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/dashboard.py [--runs 7]

Creates (and afterwards drops) its own database `benchkpi` on the same server, fills it with
bulk_create, times the full dashboard request through Django's test client and the bare aggregate
(the two conditional-aggregation queries of the four indicators at today's date), and writes the
medians into docs/benchmarks.md under «Dashboard vs bare aggregate».
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "benchkpi"
HEADING = "## Dashboard vs bare aggregate"

STUDENTS = 10_000
TEACHERS = 300
ORGANIZATIONS = 60
EXTERNAL = 200
MENTORSHIPS = 3_000


def _server_url(url, dbname):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def _recreate_database(url):
    import psycopg

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        c.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _drop_database(url):
    import psycopg

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


def _fill(today):
    from django.contrib.auth.models import Group, User

    from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, Organization, Person
    from portal.roles import DIRECTOR

    rng = random.Random(20241220)
    categories = list(MenteeCategory.objects.all())
    forms = {f.code: f for f in MentorshipForm.objects.all()}
    territories = ["town", "district", "elsewhere"]
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Организация {i}",
                kind="educational" if i % 5 == 0 else "enterprise",
                territory=territories[i % 3],
            )
            for i in range(ORGANIZATIONS)
        ]
    )

    def days_ago(days):
        return today - datetime.timedelta(days=days)

    students = Person.objects.bulk_create(
        [
            Person(
                kind="student",
                last_name=f"Ученик{i}",
                first_name="Имя",
                birth_date=None if i % 200 == 0 else days_ago(rng.randint(7 * 365, 19 * 365)),
                date_joined=days_ago(rng.randint(0, 9 * 365)),
                date_left=days_ago(rng.randint(0, 365)) if i % 15 == 0 else None,
                grade=rng.randint(1, 11),
            )
            for i in range(STUDENTS)
        ],
        batch_size=2000,
    )
    teachers = Person.objects.bulk_create(
        [
            Person(
                kind="teacher",
                last_name=f"Учитель{i}",
                first_name="Имя",
                career_start=None if i % 50 == 0 else days_ago(rng.randint(0, 30 * 365)),
            )
            for i in range(TEACHERS)
        ]
    )
    external = Person.objects.bulk_create(
        [
            Person(kind="external", last_name=f"Внешний{i}", first_name="Имя", organization=orgs[i % ORGANIZATIONS])
            for i in range(EXTERNAL)
        ]
    )
    through = Person.categories.through
    through.objects.bulk_create(
        [through(person_id=s.pk, menteecategory_id=rng.choice(categories).pk) for s in students if rng.random() < 0.35],
        batch_size=5000,
    )
    statuses = ["active"] * 5 + ["completed"] * 3 + ["terminated", "draft", "cancelled"]
    plans, mentee_sets = [], []
    for i in range(MENTORSHIPS):
        kind = rng.random()
        if kind < 0.15:
            mentor, form, pool = rng.choice(teachers), forms["teacher_teacher"], teachers
        elif kind < 0.35:
            mentor, form, pool = rng.choice(external), forms["employer_student"], students
        else:
            mentor, form, pool = rng.choice(students), forms["student_student"], students
        start = days_ago(rng.randint(0, 5 * 365))
        status = rng.choice(statuses)
        end = start + datetime.timedelta(days=rng.randint(30, 300)) if status in ("completed", "terminated") else None
        plans.append(
            Mentorship(
                roster_id=f"B{i}",
                form=form,
                mentor=mentor,
                start_date=start,
                planned_end_date=start + datetime.timedelta(days=270),
                end_date=end,
                status=status,
            )
        )
        mentee_sets.append(
            {p.pk for p in rng.sample(pool, 3 if rng.random() < 0.1 else 1) if p.pk != mentor.pk} or {pool[0].pk}
        )
    mentorships = Mentorship.objects.bulk_create(plans, batch_size=1000)
    mentees = Mentorship.mentees.through
    mentees.objects.bulk_create(
        [
            mentees(mentorship_id=m.pk, person_id=pk)
            for m, pks in zip(mentorships, mentee_sets, strict=True)
            for pk in pks
        ],
        batch_size=5000,
    )
    director = User.objects.create(username="bench-director")
    director.groups.add(Group.objects.get(name=DIRECTOR))
    return director


def _count_queries(function):
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        function()
    return count


def _median_ms(function, runs):
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _write(section):
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8").replace("None yet.\n", "")
    if HEADING in text:
        start = text.index(HEADING)
        rest = text[start + len(HEADING) :]
        end = rest.find("\n## ")
        text = text[:start] + section + (rest[end:] if end != -1 else "\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the benchkpi database afterwards")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the benchmark creates its own database there.")
    _recreate_database(url)
    os.environ["DATABASE_URL"] = _server_url(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from indicators.selectors import monitoring_dates
    from indicators.services import snapshot_get_or_record
    from mentorship.selectors import kpi_counts

    try:
        call_command("migrate", verbosity=0)
        today = timezone.localdate()
        started = time.perf_counter()
        director = _fill(today)
        fill_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        client = Client()
        client.force_login(director)

        def dashboard():
            response = client.get("/dashboard/")
            assert response.status_code == 200, response.status_code

        def bare():
            kpi_counts([today])

        queries = _count_queries(dashboard)
        cold_ms = _median_ms(dashboard, args.runs)
        bare_ms = _median_ms(bare, args.runs)
        past = [d for y in range(2020, today.year + 1) for d in monitoring_dates(y) if d <= today]
        for day in past:
            with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 23, 50), tick=False):
                snapshot_get_or_record(as_of=day)
        recorded_queries = _count_queries(dashboard)
        dashboard_ms = _median_ms(dashboard, args.runs)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
    finally:
        connection.close() if "connection" in locals() else None
        if not args.keep:
            _drop_database(url)

    ratio = dashboard_ms / bare_ms
    n_past = len(past)
    section = "\n".join(
        [
            HEADING,
            "",
            f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, PostgreSQL {pg_version}.",
            "- Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py"
            f" --runs {args.runs}` (own database `{BENCH_DB}`, dropped afterwards).",
            f"- Data: {STUDENTS} students, {TEACHERS} teachers, {EXTERNAL} external mentors, "
            f"{ORGANIZATIONS} organisations, {MENTORSHIPS} mentorships (bulk_create in {fill_seconds:.0f} s).",
            f"- Bare aggregate (the two conditional-aggregation queries of the four indicators at today's date): "
            f"median of {args.runs} runs **{bare_ms:.1f} ms**.",
            f"- Full dashboard request (test client), the usual state — the {n_past} past monitoring dates "
            f"2020–{today.year} recorded, today computed live: {recorded_queries} queries, median "
            f"**{dashboard_ms:.0f} ms**, **{ratio:.1f}×** the bare aggregate.",
            f"- Full dashboard request with nothing recorded (all {n_past} past monitoring dates and today computed "
            f"live, still in the same two aggregate queries): {queries} queries, median **{cold_ms:.0f} ms**, "
            f"**{cold_ms / bare_ms:.1f}×** the bare aggregate.",
            "",
        ]
    )
    _write(section)
    print(section)


if __name__ == "__main__":
    main()
