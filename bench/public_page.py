"""Throughput of the public page /mentoring/ under gunicorn on loopback, cached and uncached.

    .venv/bin/python bench/public_page.py [--requests 1000] [--concurrency 8] [--runs 3]

Builds the demo lyceum (seed_demo) in a fresh SQLite file in a temporary directory, adds public
content through the public app's services (10 news, 6 documents, 4 best mentors, one of them a
student with consent), starts gunicorn (`config.wsgi:application`, 2 workers, bound to 127.0.0.1
only) with production-like settings (DEBUG off, a secret key), and fires a bounded number of
requests from a small thread pool of http.client connections. It measures twice: with the page
cache (the default local-memory cache) and without it (CACHE_URL=dummycache://). Every server it
starts is stopped before it exits. The medians go into docs/benchmarks.md, «Public page throughput».
"""

import argparse
import datetime
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HEADING = "## Public page throughput"
URL = "/mentoring/"

CONTENT = r"""
import datetime
from django.core.files.base import ContentFile
from mentorship.models import Person
from public import services
from public.models import Document, FeaturedMentor, NewsItem, Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
for n in range(10):
    services.item_save(item=NewsItem(
        title=f"Новость программы наставничества {n + 1}",
        date=datetime.date(2024, 9, 1) + datetime.timedelta(days=7 * n),
        text="Текст новости о встречах наставников и наставляемых.\n\nВторой абзац.", status=Status.PUBLISHED))
for n, kind in enumerate(["regulation", "roadmap", "order", "order", "programme", "other"]):
    document = Document(kind=kind, title=f"Документ {n + 1}", date=datetime.date(2020, 12, 1), status=Status.PUBLISHED)
    document.file = ContentFile(PDF, name=f"doc{n}.pdf")
    services.item_save(item=document)
for teacher in Person.objects.teachers()[:3]:
    services.item_save(item=FeaturedMentor(role="teacher", person=teacher, name=teacher.full_name,
        role_text=teacher.position or "учитель", words="Лучший наставник года.", status=Status.PUBLISHED))
student = Person.objects.students().filter(publication_consent=True).first()
services.item_save(item=FeaturedMentor(role="student", person=student, name=f"{student.first_name} {student.last_name}",
    role_text="наставник", status=Status.PUBLISHED))
print("content ready")
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp, cache_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": "bench-public-page-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "MEDIA_ROOT": f"{tmp}/media",
            "PRIVATE_MEDIA_ROOT": f"{tmp}/private",
            "CACHE_URL": cache_url,
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("CELERY_BROKER_URL", None)
    return env


def _manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _get(port):
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", URL)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return status, time.perf_counter() - start


def _wait_ready(port, server, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            if _get(port)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def _measure(port, requests, concurrency):
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _i: _get(port), range(min(50, requests))))  # warm-up
        start = time.perf_counter()
        results = list(pool.map(lambda _i: _get(port), range(requests)))
        elapsed = time.perf_counter() - start
    errors = sum(1 for status, _t in results if status != 200)
    latencies = sorted(t * 1000 for _s, t in results)

    def pct(p):
        return latencies[min(len(latencies) - 1, round(p / 100 * (len(latencies) - 1)))]

    return {"rps": requests / elapsed, "p50": pct(50), "p90": pct(90), "p99": pct(99), "errors": errors}


def _run_server(env, port, args):
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(port, server)
        return [_measure(port, args.requests, args.concurrency) for _run in range(args.runs)]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _median(runs, key):
    return statistics.median(r[key] for r in runs)


def _write(args, figures, size):
    lines = [
        HEADING,
        "",
        f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, {os.cpu_count()} cores "
        f"(shared; client and server on the same machine), Python {platform.python_version()}, SQLite.",
        f"- Command: `.venv/bin/python bench/public_page.py --requests {args.requests} "
        f"--concurrency {args.concurrency} --runs {args.runs}`.",
        "- Server: gunicorn, 2 sync workers, 127.0.0.1 only, DEBUG off; demo lyceum (seed_demo: "
        f"{size}) plus 10 news, 6 documents, 4 best mentors.",
        f"- Client: {args.concurrency} threads, a new http.client connection per request, "
        f"{args.requests} requests per run after 50 warm-up requests; medians of {args.runs} runs.",
        "",
        "| Page cache | Requests/s | p50, ms | p90, ms | p99, ms | Errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, runs in figures.items():
        lines.append(
            f"| {label} | {_median(runs, 'rps'):.0f} | {_median(runs, 'p50'):.1f} | {_median(runs, 'p90'):.1f} "
            f"| {_median(runs, 'p99'):.1f} | {sum(r['errors'] for r in runs)} |"
        )
    cached, uncached = figures["on (default)"], figures["off (dummycache)"]
    ratio = _median(cached, "rps") / _median(uncached, "rps")
    lines += [
        "",
        f"The cache makes the page **{ratio:.1f}×** faster: a cached request costs two small queries (the page "
        "version and the consent marker), an uncached one builds the page (16 queries, the indicators "
        "among them).",
        "",
    ]
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    if HEADING in text:
        before, _sep, after = text.partition(HEADING)
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) > 1 else ""
        text = before.rstrip("\n") + "\n\n" + "\n".join(lines) + after
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="benchpublic-") as tmp:
        env = _env(tmp, "locmemcache://")
        print("building the demo lyceum…", flush=True)
        _manage(env, "migrate", "-v0")
        _manage(env, "seed_demo", "--seed", "2020")
        _manage(env, "shell", "-c", CONTENT)
        size = (
            subprocess.run(
                [
                    str(PYTHON),
                    "manage.py",
                    "shell",
                    "-c",
                    "from mentorship.models import Person, Mentorship; "
                    "print(f'{Person.objects.students().count()} students, {Mentorship.objects.count()} mentorships')",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )  # the shell may print its auto-imports first
        figures = {}
        for label, cache_url in (("on (default)", "locmemcache://"), ("off (dummycache)", "dummycache://")):
            print(f"measuring, page cache {label}…", flush=True)
            figures[label] = _run_server(_env(tmp, cache_url), _free_port(), args)
            print(figures[label], flush=True)
    if args.no_write:
        print(figures)
    else:
        _write(args, figures, size)


if __name__ == "__main__":
    sys.exit(main())
