"""The open API's KPI endpoint under 50 concurrent clients: p50/p95 latency on loopback (docs/benchmarks.md).

    .venv/bin/python bench/api_kpi.py [--clients 50] [--requests 40] [--workers 2] [--pace 0 | --period 1]

Builds the demo lyceum in a fresh SQLite database (or BENCH_DATABASE_URL, with CACHE_URL for Redis),
creates `kpi` tokens, starts gunicorn (config.wsgi, --workers × 4 threads) on a free loopback port and
lets --clients threads, each with its own keep-alive connection and its own token (--tokens to share
them), send --requests GET /api/v1/kpi/ each (the rate limit lifted; DRF's throttle keeps each token's
request times of the last minute, so one token shared by every client makes that list — read and
written on every request — grow with the total rate):

- closed loop (default): back to back, each request as soon as the last answered — the worst case, bound
  by the throughput of the whole stack (p95 ≈ clients / throughput); --pace S waits S s after each answer;
- open model (--period S): each client starts a request every S seconds on its own schedule (a random
  phase), as integrations polling do; a request that could not start on time (the last one still out)
  counts its latency from when it should have started, so a slow server is not hidden.

Prints the median, p95 and max latency, the throughput and the load average (the machine is shared: the
figures are only comparable with the load they were measured under); the goal is p95 < 50 ms.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pace", type=float, default=0.0)
    parser.add_argument("--tokens", type=int, default=0, help="tokens shared by the clients (0: one each)")
    parser.add_argument("--period", type=float, default=0.0, help="open model: a request every S s per client")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        "CELERY_BROKER_URL": "",
        "API_RATE_LIMIT": "1000000/min",
    }

    def manage(*cmd: str) -> str:
        return subprocess.run(
            [str(BIN / "python"), "manage.py", *cmd], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout

    manage("migrate", "--noinput", "-v0")
    manage("seed_demo", "--if-empty")
    # One token per client, as 50 integrations would have (the throttle counts per token), --tokens 1: shared.
    tokens = args.tokens or args.clients
    out = manage(
        "shell",
        "-c",
        "from api.services import token_create\n"
        f"for i in range({tokens}):\n"
        f"    print(token_create(name='bench {secrets.token_hex(4)} ' + str(i), scopes=['kpi'], created_by=None)[1])",
    )
    keys = re.findall(r"^nst_\S+$", out, re.M)
    assert len(keys) == tokens, out
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "--threads", "4"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients)
        errors: list[str] = []
        reconnects: list[int] = []

        def client(key: str) -> None:
            headers = {"Authorization": f"Bearer {key}"}
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine = []
            connection.request("GET", "/api/v1/kpi/", headers=headers)  # warm the connection and the worker
            connection.getresponse().read()
            barrier.wait()
            due = time.perf_counter() + random.uniform(0, args.period)
            for _ in range(args.requests):
                if args.period:
                    time.sleep(max(0.0, due - time.perf_counter()))
                    started = due  # a late start counts from when it was due
                    due += args.period
                else:
                    started = time.perf_counter()
                try:
                    connection.request("GET", "/api/v1/kpi/", headers=headers)
                    response = connection.getresponse()
                except (http.client.RemoteDisconnected, ConnectionError):
                    # gunicorn closes a keep-alive connection idle for 2 s (a slow start): connect again,
                    # the time it takes counted in the request's latency.
                    reconnects.append(1)
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    connection.request("GET", "/api/v1/kpi/", headers=headers)
                    response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if response.status != 200:
                    errors.append(str(response.status))
                if args.pace:
                    time.sleep(args.pace)
            with lock:
                latencies.extend(mine)

        load_before = os.getloadavg()[0]
        threads = [threading.Thread(target=client, args=(keys[i % tokens],)) for i in range(args.clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        model = f"every {args.period} s per client (open)" if args.period else f"closed loop, pace {args.pace} s"
        database = env["DATABASE_URL"].split(":", 1)[0]
        cache = os.environ.get("CACHE_URL", "locmem").split(":", 1)[0]
        print(
            f"{database} + {cache}, {args.clients} clients × {args.requests} requests, {model}, {args.workers} "
            f"gunicorn workers: median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {latencies[-1] * 1000:.1f} ms, {len(latencies) / elapsed:.0f} req/s, errors {len(errors)}, "
            f"reconnects {len(reconnects)}, "
            f"load average {load_before:.1f} → {os.getloadavg()[0]:.1f}"
        )
        return 0 if not errors else 1
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
