"""The student list's name search (mentorship/search.py) at 10,000 students, against the bare list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/list_search.py [--runs 9]

Creates (and afterwards drops) its own database `benchlists` on the same server, fills it with
bulk_create (which keeps the search column), times the student list request (test client) without a
search and with one-, two- and three-word searches, and the bare search query (count), and writes the
medians into docs/benchmarks.md under «List search».
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
HEADING = "## List search"
BENCH_DB = "benchlists"
STUDENTS = 10_000
LAST = ["Иванов", "Петров", "Киселёв", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"]
FIRST_M = ["Пётр", "Иван", "Олег", "Артём", "Семён", "Фёдор", "Алексей", "Дмитрий"]
FIRST_F = ["Алёна", "Мария", "Ольга", "Анна", "Дарья", "Елена", "Ксения", "Софья"]
FATHERS = ["Иван", "Пётр", "Сергей", "Андрей", "Олег", "Артём"]
QUERIES = {"one word": "киселева", "two words": "иванова мария", "three words": "Петров П. И."}


def _patronymic(father, female):
    stem = father.replace("ё", "е") if father in ("Пётр", "Артём") else father
    stem = {"Сергей": "Сергее", "Андрей": "Андрее", "Пётр": "Петро", "Артём": "Артёмо"}.get(father, stem + "о")
    return stem + ("вна" if female else "вич")


def _fill():
    from django.contrib.auth.models import Group, User

    from mentorship.models import Person
    from portal.roles import CURATOR

    rng = random.Random(17)
    people = []
    for n in range(STUDENTS):
        female = n % 2 == 0
        last = rng.choice(LAST) + ("а" if female else "")
        people.append(
            Person(
                kind=Person.Kind.STUDENT,
                roster_id=f"У-{n:05d}",
                last_name=last,
                first_name=rng.choice(FIRST_F if female else FIRST_M),
                patronymic=_patronymic(rng.choice(FATHERS), female),
                grade=rng.randint(1, 11),
                class_letter=rng.choice("АБВГ"),
                date_joined=datetime.date(2018, 9, 1),
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    curator = User.objects.create(username="bench-curator")
    curator.groups.add(Group.objects.get(name=CURATOR))
    return curator


def _write(section):
    """Put `section` under HEADING in docs/benchmarks.md (replacing an earlier run), or append it."""
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


def _median_ms(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the benchmark creates its own database there.")
    import psycopg
    from dashboard import _server_url

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        c.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = _server_url(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mentorship.models import Person
    from mentorship.search import name_query

    results = {}
    try:
        call_command("migrate", verbosity=0)
        curator = _fill()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
        client = Client()
        client.force_login(curator)

        def listing(q=None):
            def get():
                response = client.get("/registry/students/", {"q": q} if q else {})
                assert response.status_code == 200, response.status_code

            return get

        results["list"] = _median_ms(listing(), args.runs)
        for label, q in QUERIES.items():
            found = Person.objects.filter(name_query(q)).count()
            bare = _median_ms(lambda q=q: Person.objects.filter(name_query(q)).count(), args.runs)
            results[label] = (q, found, bare, _median_ms(listing(q), args.runs))
    finally:
        connection.close()
        with psycopg.connect(
            _server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')

    lines = [
        HEADING,
        "",
        f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL {pg_version}.",
        f"- Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/list_search.py"
        f" --runs {args.runs}` (own database `{BENCH_DB}`, dropped afterwards).",
        f"- Data: {STUDENTS} students (10 surnames, 8 first names each sex, patronymics from 6 fathers' names).",
        f"- Student list without a search (first page of 25): median **{results['list']:.0f} ms**.",
    ]
    for label, (q, found, bare, page) in ((k, v) for k, v in results.items() if k != "list"):
        lines.append(
            f"- {label} «{q}»: {found} found; the search query alone (count, sequential scan of `search_name`) "
            f"**{bare:.1f} ms**; the list with it **{page:.0f} ms** = **{page / results['list']:.2f}×** the list "
            f"without a search."
        )
    lines += [
        "- Why no index: `search_name` is matched by `LIKE '% l:word%'`, which a b-tree cannot serve; a trigram",
        "  (GIN `pg_trgm`) index would, but on PostgreSQL only and with an extension to install, for a scan that",
        "  stays within tens of milliseconds at ten times the lyceum's roll.",
        "",
    ]
    section = "\n".join(lines)
    _write(section)
    print(section)


if __name__ == "__main__":
    main()
