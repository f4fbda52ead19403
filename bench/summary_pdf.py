"""Analytic summary PDF: generation time against page count, the demo lyceum and a 10× larger one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/summary_pdf.py [--runs 3]

Creates (and afterwards drops) its own database `benchreports` on the same server, builds the demo
lyceum (demo.lyceum.demo_lyceum_build), times the whole generation of the 20 December summary
(indicators recorded, registry read, HTML rendered, WeasyPrint layout and PDF written) — from scratch
each run — then copies the registry nine more times with bulk_create (10× people, mentorships, plans,
feedback and best mentors) and times it again. Medians go to docs/benchmarks.md under
«Summary PDF: time per page».
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "benchreports"
HEADING = "## Summary PDF: time per page"
COPIES = 9


def _server_url(url, dbname):
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


def _admin(url, sql):
    import psycopg

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(sql)


def _multiply_all(copies):
    """Copy every person, mentorship, plan, item, questionnaire response with its answers and best mentor
    `copies` more times (bulk_create; PostgreSQL returns the new ids). Returns the totals of people and mentorships."""
    from mentorship.models import BestMentor, IndividualPlan, Mentorship, Person, PlanItem
    from monitoring.models import Answer, Response

    def rows(model):
        return [
            {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields} for obj in model.objects.all()
        ]

    people, mentorships, plans = rows(Person), rows(Mentorship), rows(IndividualPlan)
    items, responses, answers, best = rows(PlanItem), rows(Response), rows(Answer), rows(BestMentor)
    categories = list(Person.categories.through.objects.values_list("person_id", "menteecategory_id"))
    mentees = list(Mentorship.mentees.through.objects.values_list("mentorship_id", "person_id"))

    def clone(model, originals, **changes):
        objects = []
        for row in originals:
            values = {**row, "id": None}
            for name, change in changes.items():
                values[name] = change(row)
            objects.append(model(**values))
        model.objects.bulk_create(objects, batch_size=2000)
        return {row["id"]: obj.pk for row, obj in zip(originals, objects, strict=True)}

    for copy in range(1, copies + 1):
        person = clone(
            Person,
            people,
            roster_id=lambda r: None,
            user_id=lambda r: None,
            last_name=lambda r, copy=copy: f"{r['last_name']}-{copy}",
        )
        Person.categories.through.objects.bulk_create(
            [Person.categories.through(person_id=person[p], menteecategory_id=c) for p, c in categories]
        )
        mentorship = clone(
            Mentorship, mentorships, roster_id=lambda r: None, mentor_id=lambda r, m=person: m[r["mentor_id"]]
        )
        Mentorship.mentees.through.objects.bulk_create(
            [Mentorship.mentees.through(mentorship_id=mentorship[m], person_id=person[p]) for m, p in mentees]
        )
        plan = clone(
            IndividualPlan,
            plans,
            mentorship_id=lambda r, m=mentorship: m[r["mentorship_id"]],
            mentee_id=lambda r, m=person: m[r["mentee_id"]],
        )
        clone(PlanItem, items, plan_id=lambda r, m=plan: m[r["plan_id"]])
        response = clone(
            Response,
            responses,
            mentorship_id=lambda r, m=mentorship: m[r["mentorship_id"]] if r["mentorship_id"] else None,
            person_id=lambda r, m=person: m[r["person_id"]] if r["person_id"] else None,
            campaign_id=lambda r: None,
            invitation_id=lambda r: None,
            entered_by_id=lambda r: None,
        )
        clone(Answer, answers, response_id=lambda r, m=response: m[r["response_id"]])
        clone(BestMentor, best, person_id=lambda r, m=person: m[r["person_id"]])
    return len(people) * (copies + 1), len(mentorships) * (copies + 1)


def _time_generation(as_of, runs):
    from indicators.models import Snapshot
    from reports.models import AnalyticSummary
    from reports.services import summary_generate, summary_request

    times, pages = [], None
    for _ in range(runs + 1):  # the first is a warm-up
        AnalyticSummary.objects.filter(as_of=as_of).delete()
        Snapshot.objects.filter(as_of=as_of).delete()
        started = time.perf_counter()
        summary, _queued = summary_request(as_of=as_of, enqueue=False)
        summary = summary_generate(summary_id=summary.pk)
        times.append(time.perf_counter() - started)
        assert summary.status == "done", summary.error
        pages = summary.page_count
    return statistics.median(times[1:]), pages


def _time_content(as_of, runs):
    from reports.content import summary_content
    from reports.models import AnalyticSummary

    summary = AnalyticSummary.objects.get(as_of=as_of)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        summary_content(summary, kpi=summary.kpi)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _write(section):
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the benchmark creates its own database there.")
    _admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    _admin(url, f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = _server_url(url, BENCH_DB)
    os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="benchreports-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from demo.lyceum import demo_lyceum_build
    from mentorship.dates import year_date

    today = timezone.localdate()
    as_of = year_date(today.year - 1)
    results = []
    try:
        call_command("migrate", verbosity=0)
        counts = demo_lyceum_build(today=today)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds, pages = _time_generation(as_of, args.runs)
        from mentorship.models import Person

        small_people = Person.objects.count()
        content = _time_content(as_of, args.runs)
        results.append(("demo lyceum", small_people, counts["mentorships"], seconds, pages, content))
        started = time.perf_counter()
        people, mentorships = _multiply_all(COPIES)
        fill = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds, pages = _time_generation(as_of, args.runs)
        results.append(
            ("10× (bulk-created copies)", people, mentorships, seconds, pages, _time_content(as_of, args.runs))
        )
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
    finally:
        connection.close()
        _admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')

    small, large = results
    lines = [
        HEADING,
        "",
        f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, {os.cpu_count()} cores "
        f"(shared), Python {platform.python_version()}, PostgreSQL {pg_version}, WeasyPrint {_weasyprint_version()}.",
        "- Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/summary_pdf.py"
        f" --runs {args.runs}` (own database `{BENCH_DB}`, dropped afterwards).",
        f"- The summary as of {as_of:%d.%m.%Y}, generated from scratch each run (snapshot recorded, registry read, "
        f"HTML, layout, PDF written to a temporary file and moved into place); medians of {args.runs} runs after "
        f"a warm-up. The 10× registry: the demo lyceum plus {COPIES} bulk-created copies ({fill:.0f} s).",
        "",
        "| Registry | People | Mentorships | Pages | Generation | Per page | Reading the data |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, people_n, mentorships_n, seconds, pages, content in results:
        lines.append(
            f"| {name} | {people_n} | {mentorships_n} | {pages} | {seconds:.2f} s | {seconds / pages * 1000:.0f} ms "
            f"| {content * 1000:.0f} ms |"
        )
    lines += [
        "",
        f"- 10× the registry: **{large[3] / small[3]:.1f}×** the time for **{large[4] / small[4]:.1f}×** the pages; "
        f"reading the registry for the sections "
        f"{small[5] * 1000:.0f} ms vs {large[5] * 1000:.0f} ms (a fixed number of queries). "
        "The time goes into WeasyPrint's layout, which grows with the pages "
        "(the early-terminations and best-mentors tables grow with the registry).",
        "",
    ]
    section = "\n".join(lines)
    _write(section)
    print(section)


def _weasyprint_version():
    import weasyprint

    return weasyprint.__version__


if __name__ == "__main__":
    main()
