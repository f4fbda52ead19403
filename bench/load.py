"""Load: 50 staff users and anonymous visitors against the production stack's gunicorn, on loopback.

The stack is smoke/stack.py's (PostgreSQL, Redis, gunicorn with production settings and WhiteNoise, a
Celery worker and beat; a fresh database `benchload` with the demo lyceum, dropped afterwards). Staff
users log in through the login form, then browse, each waiting a random "think time" between clicks:
lists (students by page and grade, mentorships by status, form and page), cards (a person, a
mentorship), the director's dashboard and the roadmap. Visitors read /mentoring/ and fetch its
stylesheet, as a browser would. Every request is timed; an error is a status other than 2xx/3xx or an
exception. Only 127.0.0.1; bounded in users, time and runs.

    .venv/bin/python bench/load.py --duration 60 --runs 3
    .venv/bin/python bench/load.py --web-workers 2 --worker-class gthread --threads 4

A plain client (threads, http.client, keep-alive when the server allows it): no new dependency.
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smoke.stack import production_stack, say

PASSWORD = "nastavnik-demo"
MAX_USERS = 200

SETUP = """
import json, random
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from mentorship.models import Mentorship, MentorshipForm, Person
from portal.roles import CURATOR, DIRECTOR
User = get_user_model()
template = User.objects.get(username="curator")
names = []
for i in range({extra}):
    role = DIRECTOR if i % 5 == 0 else CURATOR
    user, _ = User.objects.get_or_create(username=f"load{{i:03d}}", defaults={{"first_name": "Нагрузка"}})
    user.password = template.password  # the demo password, hashed once
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    names.append(user.username)
if {record}:
    # The usual state of a school that has run the portal: Celery beat has recorded every past
    # monitoring date (20 June, 20 December), so the dashboard reads them and computes only today.
    from django.utils import timezone
    from indicators.selectors import monitoring_dates
    from indicators.services import snapshot_get_or_record
    today = timezone.localdate()
    for year in range(2020, today.year + 1):
        for day in monitoring_dates(year):
            if day <= today:
                snapshot_get_or_record(as_of=day)
print(json.dumps({{
    "users": names,
    "people": list(Person.objects.order_by("?").values_list("pk", flat=True)[:300]),
    "mentorships": list(Mentorship.objects.values_list("pk", flat=True)),
    "forms": list(MentorshipForm.objects.values_list("pk", flat=True)),
    "students": Person.objects.students().count(),
}}))
"""


class Client:
    """One user's browser: a keep-alive connection (re-opened when the server closes it) and cookies."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None
        self.cookies = {}

    def _open(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self._open()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if reused and attempt == 1:
                    continue  # a keep-alive connection the server had closed: open a new one
                raise
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.conn.close()
                self.conn = None
            return response.status, response, data
        raise RuntimeError("unreachable")

    def login(self, username):
        status, _response, html = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, response, _ = self.request(
            "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        location = response.getheader("Location") or ""
        if status != 302 or "/accounts/login/" in location:
            raise RuntimeError(f"{username} could not log in ({status} → {location})")

    def close(self):
        if self.conn is not None:
            self.conn.close()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)  # (group, kind) → seconds
        self.errors = defaultdict(int)
        self.samples = []

    def add(self, group, kind, seconds, ok, note=""):
        with self.lock:
            self.times[(group, kind)].append(seconds)
            if not ok:
                self.errors[(group, kind)] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{group}/{kind}: {note}")


def timed(client, recorder, group, kind, path):
    start = time.perf_counter()
    try:
        status, _response, _data = client.request("GET", path)
        ok, note = 200 <= status < 400, str(status)
    except Exception as error:
        ok, note = False, repr(error)
    recorder.add(group, kind, time.perf_counter() - start, ok, f"{path} {note}")


def staff_actions(data):
    pages = max(1, data["students"] // 50)
    mentorship_statuses = ["", "active", "completed", "planned"]
    return [
        (3, "students list", lambda r: f"/registry/students/?page={r.randint(1, pages)}"),
        (1, "students list", lambda r: f"/registry/students/?grade={r.randint(1, 11)}"),
        (
            3,
            "mentorships list",
            lambda r: (
                "/registry/mentorships/?"
                + urllib.parse.urlencode(
                    {
                        "status": r.choice(mentorship_statuses),
                        "form": r.choice(["", *data["forms"]]),
                        "page": r.randint(1, 3),
                    }
                )
            ),
        ),
        (3, "person card", lambda r: f"/registry/people/{r.choice(data['people'])}/"),
        (3, "mentorship card", lambda r: f"/registry/mentorships/{r.choice(data['mentorships'])}/"),
        (2, "dashboard", lambda r: "/dashboard/"),
        (1, "roadmap", lambda r: "/roadmap/"),
    ]


def run_staff(client, recorder, actions, deadline, think, seed):
    rng = random.Random(seed)
    weights = [w for w, _k, _p in actions]
    # Each user starts at a random point of their think cycle: people do not all click at the same
    # instant, and a synchronised first click of every user would measure only that burst's queue.
    time.sleep(rng.uniform(0, think))
    while time.monotonic() < deadline:
        _w, kind, path = rng.choices(actions, weights)[0]
        timed(client, recorder, "staff", kind, path(rng))
        time.sleep(rng.uniform(0.5, 1.5) * think)


def run_visitor(client, recorder, deadline, think, seed, stylesheet):
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, think))
    while time.monotonic() < deadline:
        timed(client, recorder, "public", "/mentoring/", "/mentoring/")
        if stylesheet and rng.random() < 0.5:  # half of the visitors come without the stylesheet cached
            timed(client, recorder, "static", "stylesheet", stylesheet)
        time.sleep(rng.uniform(0.5, 1.5) * think)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(recorder, seconds):
    groups = defaultdict(list)
    errors = defaultdict(int)
    for (group, kind), values in recorder.times.items():
        groups[group].extend(values)
        errors[group] += recorder.errors[(group, kind)]
    result = {}
    for group, values in groups.items():
        result[group] = {
            "requests": len(values),
            "rps": len(values) / seconds,
            "p50": percentile(values, 50) * 1000,
            "p95": percentile(values, 95) * 1000,
            "p99": percentile(values, 99) * 1000,
            "errors": errors[group],
        }
    kinds = {
        f"{group}: {kind}": {"requests": len(v), "p50": percentile(v, 50) * 1000, "p95": percentile(v, 95) * 1000}
        for (group, kind), v in sorted(recorder.times.items())
    }
    return result, kinds


def one_run(stack, data, staff_clients, args, run_no, stylesheet):
    port = int(stack.base_url.rsplit(":", 1)[1])
    recorder = Recorder()
    actions = staff_actions(data)
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=run_staff, args=(c, recorder, actions, deadline, args.think, 1000 * run_no + i))
        for i, c in enumerate(staff_clients)
    ]
    visitors = [Client("127.0.0.1", port) for _ in range(args.visitors)]
    threads += [
        threading.Thread(
            target=run_visitor, args=(c, recorder, deadline, args.visitor_think, 5000 * run_no + i, stylesheet)
        )
        for i, c in enumerate(visitors)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 60)
    elapsed = time.monotonic() - started
    for client in visitors:
        client.close()
    return (*summarise(recorder, elapsed), recorder.samples)


def median_of(runs, group, key):
    return statistics.median(run[group][key] for run in runs if group in run)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--think", type=float, default=2.0, help="staff: mean seconds between clicks")
    parser.add_argument("--visitor-think", type=float, default=1.0, help="visitors: mean seconds between pages")
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "3")))
    parser.add_argument("--worker-class", default=None, help="gunicorn worker class (default: config/gunicorn.py)")
    parser.add_argument("--threads", type=int, default=None, help="gunicorn threads per worker (gthread)")
    parser.add_argument(
        "--fresh-install",
        action="store_true",
        help="leave past monitoring dates unrecorded (the dashboard then computes them all live)",
    )
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if not (1 <= args.staff <= MAX_USERS and 0 <= args.visitors <= MAX_USERS):
        parser.error(f"at most {MAX_USERS} users of each kind")
    if not (1 <= args.duration <= 600 and 1 <= args.runs <= 10):
        parser.error("a run lasts 1–600 s; 1–10 runs")

    extra_env = {}
    if args.worker_class:
        extra_env["GUNICORN_WORKER_CLASS"] = args.worker_class
    if args.threads:
        extra_env["GUNICORN_THREADS"] = str(args.threads)
    with production_stack(db_name="benchload", web_workers=args.web_workers, extra_env=extra_env) as stack:
        port = int(stack.base_url.rsplit(":", 1)[1])
        extra = max(0, args.staff - 2)
        out = stack.manage("shell", "-c", SETUP.format(extra=extra, record=not args.fresh_install), capture=True).stdout
        data = json.loads(out.strip().splitlines()[-1])
        usernames = (["curator", "director", *data["users"]])[: args.staff]
        say(f"logging in {len(usernames)} staff users through the login form")
        staff_clients = [Client("127.0.0.1", port) for _ in usernames]
        for client, username in zip(staff_clients, usernames, strict=True):
            client.login(username)
        _status, _r, html = Client("127.0.0.1", port).request("GET", "/mentoring/")
        match = re.search(rb'href="(/static/vendor/bootstrap/css/bootstrap[^"]+\.css)"', html)
        stylesheet = match.group(1).decode() if match else None
        say(f"warm-up (10 s), then {args.runs} run(s) of {args.duration} s")
        warm = argparse.Namespace(**{**vars(args), "duration": 10})
        one_run(stack, data, staff_clients, warm, 0, stylesheet)
        runs, kinds_runs = [], []
        for run_no in range(1, args.runs + 1):
            figures, kinds, samples = one_run(stack, data, staff_clients, args, run_no, stylesheet)
            runs.append(figures)
            kinds_runs.append(kinds)
            line = "; ".join(
                f"{g}: {f['rps']:.1f} rps, p50 {f['p50']:.0f} / p95 {f['p95']:.0f} / p99 {f['p99']:.0f} ms, "
                f"{f['errors']} errors"
                for g, f in sorted(figures.items())
            )
            say(f"run {run_no}: {line}")
            for sample in samples:
                say(f"  error: {sample}")
        for client in staff_clients:
            client.close()
        alive = stack.alive()

    groups = sorted({g for run in runs for g in run})
    summary = {
        g: {k: median_of(runs, g, k) for k in ("requests", "rps", "p50", "p95", "p99", "errors")} for g in groups
    }
    kinds = {
        name: {
            "p50": statistics.median(r[name]["p50"] for r in kinds_runs if name in r),
            "p95": statistics.median(r[name]["p95"] for r in kinds_runs if name in r),
        }
        for name in sorted({n for r in kinds_runs for n in r})
    }
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print()
    print(f"Machine: {platform.machine()}, {cpu} cores, Python {platform.python_version()}")
    worker_class = f", {args.worker_class}" if args.worker_class else ""
    threads = f", {args.threads} threads" if args.threads else ""
    print(
        f"Server: gunicorn {args.web_workers} workers{worker_class}{threads}; "
        f"{'past dates not recorded; ' if args.fresh_install else 'past monitoring dates recorded; '}"
        f"staff {args.staff} (think {args.think} s), visitors {args.visitors} (think {args.visitor_think} s); "
        f"{args.runs} × {args.duration} s; medians of the runs"
    )
    print("| Group | Requests/s | p50, ms | p95, ms | p99, ms | Errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for g, f in summary.items():
        print(f"| {g} | {f['rps']:.1f} | {f['p50']:.0f} | {f['p95']:.0f} | {f['p99']:.0f} | {f['errors']:.0f} |")
    print()
    print("| Page | p50, ms | p95, ms |")
    print("|---|---:|---:|")
    for name, f in kinds.items():
        print(f"| {name} | {f['p50']:.0f} | {f['p95']:.0f} |")
    print(f"Processes alive at the end: {alive}")
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "kinds": kinds, "runs": runs}, indent=2))
    failed = any(f["errors"] for f in summary.values()) or not all(alive.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
