"""10,000 answer sets aggregated for the summary: the questionnaires' aggregates, the response rates and the growth
between entry and exit, in a fixed number of queries, on SQLite and on PostgreSQL.

    .venv/bin/python bench/monitoring_aggregates.py [--runs 7]                      # SQLite (a file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/monitoring_aggregates.py

Creates its own database (`benchmon` on the PostgreSQL server, dropped afterwards; a temporary SQLite file),
fills it with bulk_create — 2,500 pairs, each mentee with an entry, an exit and two satisfaction answer sets
(10,000 responses, 52,500 answers) and one campaign of 5,000 invitations — and times what the summary reads
(`item_aggregates`, `response_rates`, `growth_report` of the monitoring date), against the bare grouped query of
the answers. Writes the medians into docs/benchmarks.md under «Monitoring aggregates (issue 18)».
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "benchmon"
HEADING = "## Monitoring aggregates (issue 18)"
PAIRS = 2_500
AS_OF = datetime.date(2026, 6, 20)


def _server_url(url, dbname):
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


def _admin(url, sql):
    import psycopg

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(sql)


def _fill():
    from django.utils import timezone

    from mentorship.models import Mentorship, MentorshipForm, Person
    from monitoring.models import Answer, Campaign, Invitation, Item, Purpose, Questionnaire, Response, Role

    rng = random.Random(18)
    form = MentorshipForm.objects.order_by("order").first()
    teachers = Person.objects.bulk_create(
        [Person(kind="teacher", last_name=f"Наставникова{i}", first_name="Анна") for i in range(500)]
    )
    students = Person.objects.bulk_create(
        [
            Person(
                kind="student", last_name=f"Ученик{i}", first_name="Иван", grade=5 + i % 7, class_letter="АБВ"[i % 3]
            )
            for i in range(PAIRS)
        ]
    )
    pairs = Mentorship.objects.bulk_create(
        [
            Mentorship(form=form, mentor=teachers[i % 500], start_date=datetime.date(2025, 9, 1), status="active")
            for i in range(PAIRS)
        ]
    )
    Mentorship.mentees.through.objects.bulk_create(
        [Mentorship.mentees.through(mentorship_id=p.pk, person_id=s.pk) for p, s in zip(pairs, students, strict=True)]
    )
    questionnaires, items = {}, {}
    for purpose in (Purpose.ENTRY, Purpose.EXIT, Purpose.SATISFACTION):
        q = Questionnaire.objects.create(code=f"bench-{purpose}", title=purpose, purpose=purpose, role=Role.MENTEE)
        questionnaires[purpose] = q
        if purpose == Purpose.SATISFACTION:
            specs = [(k, Item.Kind.SCALE) for k in ("meetings_usefulness", "communication_comfort", "plan_fulfilment")]
            specs += [("would_continue", Item.Kind.YES_NO), ("would_become_mentor", Item.Kind.YES_NO)]
            specs += [("topics", Item.Kind.MANY), ("valuable", Item.Kind.TEXT)]
        else:
            specs = [(k, Item.Kind.SCALE) for k in ("self_assessment", "motivation", "involvement", "adaptation")]
        items[purpose] = [
            Item.objects.create(
                questionnaire=q,
                key=key,
                kind=kind,
                text=key,
                order=n,
                choices=["a", "b", "c"] if kind == "many" else [],
            )
            for n, (key, kind) in enumerate(specs)
        ]
    campaign = Campaign.objects.create(
        title="Мониторинг 20.06.2026",
        purpose=Purpose.SATISFACTION,
        monitoring_date=AS_OF,
        opens_on=AS_OF - datetime.timedelta(days=20),
        closes_on=AS_OF,
    )
    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                campaign=campaign,
                mentorship=p,
                person=s,
                role=Role.MENTEE,
                questionnaire=questionnaires[Purpose.SATISFACTION],
                token_digest=f"{i:064x}",
                expires_at=now,
                answered_at=now if i % 3 else None,
            )
            for i, (p, s) in enumerate(zip(pairs, students, strict=True))
        ]
    )

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    plan = []  # (purpose, pair, student, day)
    for p, s in zip(pairs, students, strict=True):
        plan += [
            (Purpose.ENTRY, p, s, datetime.date(2025, 9, 10)),
            (Purpose.EXIT, p, s, datetime.date(2026, 6, 1)),
            (Purpose.SATISFACTION, p, s, datetime.date(2026, 1, 15)),
            (Purpose.SATISFACTION, p, s, datetime.date(2026, 6, 15)),
        ]
    responses = Response.objects.bulk_create(
        [
            Response(
                questionnaire=questionnaires[u],
                role=Role.MENTEE,
                person=s,
                mentorship=p,
                channel="paper",
                submitted_at=at(d),
            )
            for u, p, s, d in plan
        ],
        batch_size=2000,
    )
    del invitations
    answers = []
    for response, (purpose, _p, _s, _d) in zip(responses, plan, strict=True):
        for item in items[purpose]:
            a = Answer(response=response, item=item)
            if item.kind == Item.Kind.SCALE:
                a.number = rng.randint(1, 10)
            elif item.kind == Item.Kind.YES_NO:
                a.flag = rng.random() < 0.6
            elif item.kind == Item.Kind.MANY:
                a.chosen = sorted(rng.sample(range(3), rng.randint(1, 2)))
            else:
                a.text = "Полезно."
            answers.append(a)
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(responses), len(answers)


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
    text = path.read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def measure(runs):
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Avg, Count

    from monitoring.models import Answer
    from monitoring.selectors import AnswerFilter, growth_report, item_aggregates, response_rates

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    n_responses, n_answers = _fill()
    fill_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def summary_reads():
        where = AnswerFilter(as_of=AS_OF)
        item_aggregates(where=where)
        response_rates(as_of=AS_OF)
        report = growth_report(where=where)
        assert report.compared_people == PAIRS, report.compared_people

    def bare():
        list(Answer.objects.values("item_id").annotate(n=Count("pk"), mean=Avg("number")))

    where = AnswerFilter(as_of=AS_OF)
    parts = {
        "aggregates": _median_ms(lambda: item_aggregates(where=where), 3),
        "rates": _median_ms(lambda: response_rates(as_of=AS_OF), 3),
        "growth": _median_ms(lambda: growth_report(where=where), 3),
    }
    print("parts, ms:", {k: round(v) for k, v in parts.items()})
    queries = _count_queries(summary_reads)
    reads_ms = _median_ms(summary_reads, runs)
    bare_ms = _median_ms(bare, runs)
    version = connection.vendor
    if version == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    return {
        "engine": version,
        "responses": n_responses,
        "answers": n_answers,
        "fill": fill_seconds,
        "queries": queries,
        "reads_ms": reads_ms,
        "bare_ms": bare_ms,
    }


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    tmp = None
    if postgres:
        _admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        _admin(url, f'CREATE DATABASE "{BENCH_DB}"')
        os.environ["DATABASE_URL"] = _server_url(url, BENCH_DB)
    else:
        tmp = Path(tempfile.mkdtemp()) / "benchmon.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection

    try:
        result = measure(args.runs)
    finally:
        connection.close()
        if postgres:
            _admin(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        elif tmp is not None:
            tmp.unlink(missing_ok=True)
            tmp.parent.rmdir()
    command = "DATABASE_URL=postgres://… " if postgres else ""
    section = "\n".join(
        [
            f"{HEADING} — {result['engine']}",
            "",
            f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, {os.cpu_count()} cores "
            f"(shared with other processes), Python {platform.python_version()}, {result['engine']}.",
            f"- Command: `{command}.venv/bin/python bench/monitoring_aggregates.py --runs {args.runs}` (own database).",
            f"- Data: {PAIRS} pairs; {result['responses']} answer sets (entry, exit, two satisfaction per mentee), "
            f"{result['answers']} answers, 1 campaign of {PAIRS} invitations (bulk_create in {result['fill']:.0f} s).",
            f"- What the summary reads (item aggregates, response rates, growth of {PAIRS} people): "
            f"**{result['queries']} queries**, median of {args.runs} runs **{result['reads_ms']:.0f} ms** "
            f"(goal < 1000 ms); the bare grouped query of the answers {result['bare_ms']:.0f} ms, "
            f"ratio **{result['reads_ms'] / result['bare_ms']:.1f}×**.",
            "",
        ]
    )
    _write(section)
    print(section)


if __name__ == "__main__":
    main()
