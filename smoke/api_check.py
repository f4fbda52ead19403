"""`make api-check`: schemathesis against the open API's own schema, on the demo lyceum, with no failure.

A fresh SQLite database (or API_CHECK_DATABASE_URL) gets the demo data, a token with every scope is
created by `manage.py api_token`, gunicorn serves the portal on a free loopback port, and schemathesis
(its CLI) generates requests from /api/v1/schema/ for every endpoint and checks every answer against the
schema (status codes, content types, bodies, headers). Exits non-zero on any failure; stops what it started.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
MAX_EXAMPLES = os.environ.get("API_CHECK_EXAMPLES", "10")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="api-check-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("API_CHECK_DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        "CELERY_BROKER_URL": "",
        "CACHE_URL": "locmemcache://",
        # schemathesis sends hundreds of requests with one token: the rate limit itself is tested in tests/api.
        "API_RATE_LIMIT": "100000/min",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    print("Готовлю базу демо-лицея…", flush=True)
    manage("migrate", "--noinput", "-v0")
    # The lyceum, its registry and roadmap progress (the history's PDFs add minutes and no endpoint).
    for command in ("seed_demo", "seed_demo_roadmap"):
        manage(command, "--if-empty")
    key = manage(
        "api_token",
        "create",
        f"schemathesis {secrets.token_hex(4)}",
        "--scopes",
        "kpi,roadmap,aggregates,checklist,registry",
    )
    key = re.findall(r"^nst_\S+$", key, re.M)[-1]
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"schemathesis: {base}/api/v1/schema/, до {MAX_EXAMPLES} примеров на операцию", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [
                str(BIN / "schemathesis"),
                "run",
                f"{base}/api/v1/schema/",
                "--header",
                f"Authorization: Bearer {key}",
                "--checks",
                "all",
                "--max-examples",
                MAX_EXAMPLES,
                "--workers",
                "2",
                "--request-timeout",
                "30",
                "--no-color",
            ],
            cwd=workdir,
            env={**env, "SCHEMATHESIS_HOOKS": ""},
        )
        print(f"schemathesis: {time.monotonic() - started:.0f} с, код выхода {result.returncode}", flush=True)
        return result.returncode
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
