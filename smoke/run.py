"""make smoke: the production stack as docker-compose.yml describes it, started as processes on loopback.

PostgreSQL and Redis of this machine, gunicorn (production settings, collected static files through
WhiteNoise), a Celery worker and beat — each started with the very command docker-compose.yml gives
its service — then the browser journeys of every role in Chromium against that gunicorn.
Everything started here is stopped at the end; the exit status is non-zero on any failure.
"""

import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("SMOKE_DB", "smoke")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379")


def say(text):
    print(f"[smoke] {text}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compose_commands():
    """The web, worker and beat commands exactly as docker-compose.yml gives them."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name: " ".join(services[name]["command"].split()) for name in ("web", "worker", "beat")}


def ensure_services():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode != 0:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
    if subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode != 0:
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def wait_healthy(base_url, timeout=90):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/health/", timeout=5) as response:
                if response.status == 200:
                    return response.read().decode()
        except Exception as error:  # the server is still starting
            last = error
        time.sleep(1)
    raise RuntimeError(f"/health/ did not answer 200 in {timeout} s: {last}")


def main():
    ensure_services()
    work = Path(tempfile.mkdtemp(prefix="smoke-"))
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "CELERY_BROKER_URL": f"{REDIS}/5",
        "CACHE_URL": f"rediscache://{REDIS.split('://', 1)[1]}/6",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "media" / "private"),
        "STATIC_ROOT": str(work / "static"),
        "EMAIL_URL": "consolemail://",
        # Loopback instead of the container's 0.0.0.0:8000 (config/gunicorn.py reads it).
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "3"),
    }
    python = str(VENV_BIN / "python")
    processes = {}
    status = 1
    try:
        say(f"fresh database {DB_NAME}, demo lyceum, static files")
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{DB_NAME}"')
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", "5", "flushdb"], check=True, capture_output=True)
        for args in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_demo", "--if-empty"],
            ["seed_demo_roadmap", "--if-empty"],
            ["create_demo_users"],
        ):
            subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True)
        for name, command in compose_commands().items():
            command = command.replace("/tmp/celerybeat-schedule", str(work / "celerybeat-schedule"))
            say(f"start {name}: {command}")
            log = open(work / f"{name}.log", "w")  # noqa: SIM115 — closed with the process
            processes[name] = (
                subprocess.Popen(
                    shlex.split(command),
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                ),
                log,
            )
        base_url = f"http://127.0.0.1:{port}"
        say(f"health: {wait_healthy(base_url)}")
        say("browser journeys of every role against gunicorn")
        result = subprocess.run(
            [
                python,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-c",
                str(ROOT / "smoke" / "pytest.ini"),
                str(ROOT / "smoke"),
            ],
            cwd=ROOT,
            env={**env, "SMOKE_BASE_URL": base_url, "SMOKE_WORK": str(work)},
        )
        status = result.returncode
        for name, (process, _log) in processes.items():
            if process.poll() is not None:
                say(f"{name} died with code {process.returncode}")
                status = status or 1
    finally:
        for name, (process, log) in processes.items():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            log.close()
            if status:
                say(f"--- {name} log (last lines) ---")
                print("\n".join(Path(log.name).read_text().splitlines()[-30:]), flush=True)
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    say("passed" if status == 0 else f"FAILED ({status})")
    return status


if __name__ == "__main__":
    sys.exit(main())
