"""The hub at scale (issue 21): 40,000 schools × 20 monitoring dates bulk ingested, the regional roll-up.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/hub.py \
        [--schools 40000] [--dates 20] [--regions 85] [--municipalities 2000] [--runs 25] [--repeats 3]

On the PostgreSQL server of BENCH_DATABASE_URL (or DATABASE_URL) it creates a database `benchhub`
(dropped afterwards unless --keep), migrates it and builds a hub holding the whole country: --regions
regions, --municipalities municipalities spread over them, --schools schools spread over those. Then:

1. the full load: every school's report for each of --dates monitoring dates (twice a year, 20 June and
   20 December, ending 20.12.2026), small but schema-valid documents generated on the fly, loaded with
   `hub.bulk.reports_load` (every document validated, COPY by batches of 5,000): reports/s;
2. --repeats reloads of the latest date with changed figures (every report replaced: delete + insert, the
   next revision) for a median, and one reload of the same documents (every report skipped by its digest);
3. the size on disk (pg_total_relation_size of the hub's tables, their indexes and TOAST included);
4. after ANALYZE and VACUUM, `hub.selectors.rollup` on the latest date for one region and for the whole
   hub, and the dashboard's organisations query (the names of the roll-up's municipalities), each the
   median of --runs, with EXPLAIN (ANALYZE, BUFFERS) of the roll-ups' SQL.

Prints the figures as Markdown (docs/benchmarks.md, «The hub at scale»). The goal: the regional roll-up
under 300 ms median. `--schools 4000 --dates 4` runs in about a minute.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "benchhub"
GOAL_MS = 300
BATCH = 5000


def _server_url(url, dbname):
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


def _pg(url, sql):
    import psycopg

    with psycopg.connect(_server_url(url, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(sql)


def monitoring_dates(count):
    """`count` monitoring dates, 20 June and 20 December, the last 20.12.2026 (20 → 20.06.2017 … 20.12.2026)."""
    dates = []
    year, month = 2026, 12
    for _ in range(count):
        dates.append(datetime.date(year, month, 20))
        year, month = (year, 6) if month == 12 else (year - 1, 12)
    return sorted(dates)


_PLAN_TOTAL = {
    "plans": 0,
    "items": 0,
    "done": 0,
    "in_progress": 0,
    "planned": 0,
    "overdue": 0,
    "average_progress": None,
    "fully_done": 0,
}
KPI = ("students_mentees", "students_mentors", "young_teachers_mentees", "organizations_mentors")


def document(code, date, rng, bump=0):
    """A small but schema-valid report: the four indicators with plausible figures, empty lists elsewhere."""
    iso = date.isoformat()
    pupils = rng.randint(150, 1200)
    young = rng.randint(0, 12)
    kpi = []
    for kpi_code, denominator in zip(KPI, (pupils, pupils, young, 3), strict=True):
        numerator = min(denominator, rng.randint(0, max(1, denominator // 4)) + bump)
        value = round(numerator * 100 / denominator, 1) if denominator else None
        target = (10.0, 10.0, 70.0, 30.0)[KPI.index(kpi_code)]
        kpi.append(
            {
                "code": kpi_code,
                "numerator": numerator,
                "denominator": denominator,
                "value": value,
                "target": target,
                "achieved": None if value is None else value >= target,
            }
        )
    mentorships = kpi[0]["numerator"] + kpi[2]["numerator"]
    return {
        "format": "nastavnichestvo.monitoring-report",
        "version": 1,
        "monitoring_date": iso,
        "generated_at": f"{iso}T10:00:00+03:00",
        "school": {"code": code, "name": f"Школа {code}", "short_name": "", "town": "", "district": "", "website": ""},
        "period": {"start": f"{date.year}-01-01", "end": iso},
        "kpi": kpi,
        "participation": {
            "rows": [],
            "forms": [],
            "total": {"mentorships": mentorships, "mentors": kpi[1]["numerator"], "mentees": mentorships},
        },
        "pairs_by_status": [],
        "movements": {"forms": [], "total": {"started": mentorships, "completed": 0, "terminated": 0}},
        "plans": {"forms": [], "total": dict(_PLAN_TOTAL)},
        "roadmap": {"total": 0, "by_status": {"planned": 0, "in_progress": 0, "done": 0, "overdue": 0}},
        "questionnaires": {"items": [], "growth": [], "missing_exit": 0, "compared_people": 0},
        "checklist": [],
    }


def _tree(regions, municipalities, schools):
    """The organisations by COPY: regions, municipalities round-robin over them, schools over those."""
    from django.utils import timezone

    from config.bulk import insert_rows
    from hub.models import Organisation

    now = timezone.now()

    def rows(kind, codes, parents):
        return [
            {
                "kind": kind,
                "parent_id": parent,
                "code": code,
                "name": f"{code} name",
                "short_name": "",
                "has_portal": True,
                "created_at": now,
            }
            for code, parent in zip(codes, parents, strict=True)
        ]

    region_ids = insert_rows(Organisation, rows("region", [f"R{i:02d}" for i in range(regions)], [None] * regions))
    municipality_ids = insert_rows(
        Organisation,
        rows(
            "municipality",
            [f"M{i:04d}" for i in range(municipalities)],
            [region_ids[i % regions] for i in range(municipalities)],
        ),
    )
    insert_rows(
        Organisation,
        rows(
            "school",
            [f"S{i:05d}" for i in range(schools)],
            [municipality_ids[i % municipalities] for i in range(schools)],
        ),
        keys=False,
    )
    return region_ids


def _median_ms(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def _explain(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def child(args):
    """Runs inside the bench database (DATABASE_URL set by the parent); prints the results as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from exchange.document import canonical_bytes, validate_document
    from hub.bulk import reports_load
    from hub.models import Organisation, Report
    from hub.selectors import rollup

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    region_ids = _tree(args.regions, args.municipalities, args.schools)
    tree_s = time.perf_counter() - started
    codes = [f"S{i:05d}" for i in range(args.schools)]
    dates = monitoring_dates(args.dates)

    def documents(date, bump=0, seed=0):
        rng = random.Random(f"{date}-{seed}")
        return (document(code, date, rng, bump) for code in codes)

    sample = list(documents(dates[-1]))[:: max(1, args.schools // 200)]
    assert all(not validate_document(d) for d in sample), "a generated document is not valid"
    document_bytes = statistics.median(len(canonical_bytes(d)) for d in sample)
    # The generation alone (no validation, no writing), to be subtracted in the reading of the figures.
    start = time.perf_counter()
    for _d in documents(dates[0], seed=99):
        pass
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    for d in sample * max(1, 2000 // len(sample)):
        validate_document(d)
    validate_ms = (time.perf_counter() - start) * 1000 / (len(sample) * max(1, 2000 // len(sample)))

    per_date = []
    start = time.perf_counter()
    for date in dates:
        t = time.perf_counter()
        loaded = reports_load(documents=documents(date), batch=BATCH)
        per_date.append(time.perf_counter() - t)
        assert loaded == args.schools
    full_s = time.perf_counter() - start
    reports = Report.objects.count()

    replaced = []
    for k in range(1, args.repeats + 1):
        t = time.perf_counter()
        assert reports_load(documents=documents(dates[-1], bump=k, seed=k), batch=BATCH) == args.schools
        replaced.append(time.perf_counter() - t)
    t = time.perf_counter()
    assert reports_load(documents=documents(dates[-1], bump=args.repeats, seed=args.repeats), batch=BATCH) == 0
    skipped_s = time.perf_counter() - t

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        sizes = {}
        for table in ("hub_report", "hub_reportindicator", "hub_organisation"):
            cursor.execute(
                "SELECT pg_total_relation_size(%s), pg_relation_size(%s), pg_indexes_size(%s)", [table, table, table]
            )
            total, heap, indexes = cursor.fetchone()
            sizes[table] = {"total": total, "heap": heap, "indexes": indexes}
        cursor.execute("SELECT count(*) FROM hub_reportindicator")
        indicator_rows = cursor.fetchone()[0]
    latest = dates[-1]
    region = Organisation.objects.get(pk=region_ids[0])

    def region_rollup():
        return rollup(monitoring_date=latest, organisation=region)

    def hub_rollup():
        return rollup(monitoring_date=latest)

    def names(result):
        # The dashboard's second query: the names of the roll-up's rows (municipalities), in their order.
        return list(
            Organisation.objects.filter(pk__in=[k for k in result if k is not None])
            .order_by("name")
            .values_list("pk", "name", "code")
        )

    region_result = region_rollup()
    hub_result = hub_rollup()
    assert region_result[None].reports == len(
        [c for i, c in enumerate(codes) if (i % args.municipalities) % args.regions == 0]
    )
    assert hub_result[None].reports == args.schools
    # The dashboard page itself (hub/views.py) for an analyst of the region, through the Django test client:
    # the roll-up, the organisations, the distribution charts and the template, as the analyst gets it.
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse

    from hub.models import Member
    from portal.roles import HUB_ANALYST

    analyst = User.objects.create_user("bench-analyst")
    analyst.groups.add(Group.objects.get(name=HUB_ANALYST))
    Member.objects.create(user=analyst, organisation=region)
    client = Client()
    client.force_login(analyst)
    page_url = reverse("hub:organisation", args=[region.code]) + f"?date={latest.isoformat()}"

    def region_dashboard():
        response = client.get(page_url)
        assert response.status_code == 200, response.status_code

    region_dashboard()
    timings = {
        "region_dashboard": _median_ms(region_dashboard, args.runs),
        "region_rollup": _median_ms(region_rollup, args.runs),
        "hub_rollup": _median_ms(hub_rollup, args.runs),
        "region_names": _median_ms(lambda: names(region_result), args.runs),
        "hub_names": _median_ms(lambda: names(hub_result), args.runs),
        "region_page": _median_ms(lambda: names(region_rollup()), args.runs),
        "hub_page": _median_ms(lambda: names(hub_rollup()), args.runs),
    }
    print(
        json.dumps(
            {
                "version": f"{connection.pg_version // 10000}.{connection.pg_version % 100}",
                "schools": args.schools,
                "regions": args.regions,
                "municipalities": args.municipalities,
                "dates": [dates[0].isoformat(), dates[-1].isoformat(), len(dates)],
                "reports": reports,
                "indicator_rows": indicator_rows,
                "region_reports": region_result[None].reports,
                "region_municipalities": len(region_result) - 1,
                "hub_municipalities": len(hub_result) - 1,
                "tree_s": tree_s,
                "document_bytes": document_bytes,
                "generate_us": generate_s * 1e6 / args.schools,
                "validate_ms": validate_ms,
                "full_s": full_s,
                "per_date_median_s": statistics.median(per_date),
                "per_date_min_s": min(per_date),
                "per_date_max_s": max(per_date),
                "replaced_s": replaced,
                "skipped_s": skipped_s,
                "sizes": sizes,
                "timings": timings,
                "explain_region": _explain(region_rollup),
                "explain_hub": _explain(hub_rollup),
            }
        )
    )


def _mb(n):
    return f"{n / 1024 / 1024:,.0f} MB"


def report(r, load):
    s = r["schools"]
    t = r["timings"]
    rows = [
        f"| the full load: {r['reports']:,} reports ({r['dates'][2]} dates × {s:,}) | {r['full_s']:.0f} s | "
        f"{r['reports'] / r['full_s']:,.0f} reports/s |",
        f"| one date of {s:,} reports, new (median of {r['dates'][2]}, "
        f"{r['per_date_min_s']:.1f}–{r['per_date_max_s']:.1f} s) | {r['per_date_median_s']:.1f} s | "
        f"{s / r['per_date_median_s']:,.0f} reports/s |",
        f"| one date of {s:,} reports, every one replaced (median of {len(r['replaced_s'])}) | "
        f"{statistics.median(r['replaced_s']):.1f} s | {s / statistics.median(r['replaced_s']):,.0f} reports/s |",
        f"| one date of {s:,} reports, every one unchanged (skipped by digest) | {r['skipped_s']:.1f} s | "
        f"{s / r['skipped_s']:,.0f} reports/s |",
    ]
    size_rows = [
        f"| {table} | {_mb(v['total'])} | {_mb(v['heap'])} | {_mb(v['indexes'])} |" for table, v in r["sizes"].items()
    ]
    timing_rows = [
        f"| {label} | {t[key][0]:.1f} ms | {t[key][1]:.1f}–{t[key][2]:.1f} ms |"
        for label, key in (
            (
                f"rollup, one region ({r['region_reports']:,} schools, {r['region_municipalities']} municipalities)",
                "region_rollup",
            ),
            (f"rollup, the whole hub ({s:,} schools, {r['hub_municipalities']:,} municipalities)", "hub_rollup"),
            ("the organisations query, one region's municipalities", "region_names"),
            ("the organisations query, every municipality", "hub_names"),
            ("rollup + organisations, one region", "region_page"),
            ("rollup + organisations, the whole hub", "hub_page"),
            (
                "**the region's dashboard page** (`/hub/<region>/`, test client, analyst of the region)",
                "region_dashboard",
            ),
        )
    ]
    return "\n".join(
        [
            f"`bench/hub.py --schools {s} --dates {r['dates'][2]}` ({datetime.date.today():%d.%m.%Y}, PostgreSQL "
            f"{r['version']}, Python {platform.python_version()}, load average {load}): {r['regions']} regions, "
            f"{r['municipalities']:,} municipalities, {s:,} schools; dates {r['dates'][0]} … {r['dates'][1]}; "
            f"a document of {r['document_bytes']:.0f} bytes (canonical JSON); validation "
            f"{r['validate_ms']:.2f} ms per document, generation {r['generate_us']:.0f} µs.",
            "",
            "| ingestion (`hub.bulk.reports_load`, batches of 5,000, validated) | time | throughput |",
            "|---|---|---|",
            *rows,
            "",
            f"{r['reports']:,} reports, {r['indicator_rows']:,} indicator rows:",
            "",
            "| table | total | heap | indexes |",
            "|---|---|---|---|",
            *size_rows,
            "",
            "| latest date, after VACUUM ANALYZE | median | min–max |",
            "|---|---|---|",
            *timing_rows,
        ]
    )


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--dates", type=int, default=20)
    parser.add_argument("--regions", type=int, default=85)
    parser.add_argument("--municipalities", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database benchhub")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/hub.py: нужен PostgreSQL в BENCH_DATABASE_URL или DATABASE_URL (postgres://…).")
    load_before = os.getloadavg()[0]
    _pg(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    _pg(url, f'CREATE DATABASE "{BENCH_DB}"')
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", *sys.argv[1:]],
            env={**os.environ, "DATABASE_URL": _server_url(url, BENCH_DB)},
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode:
            sys.exit(out.stderr)
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if not args.keep:
            _pg(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    load = f"{load_before:.1f} → {os.getloadavg()[0]:.1f}"
    print(report(result, load))
    print("\nEXPLAIN (ANALYZE, BUFFERS), one region:\n" + "\n".join(result["explain_region"]))
    print("\nEXPLAIN (ANALYZE, BUFFERS), the whole hub:\n" + "\n".join(result["explain_hub"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
