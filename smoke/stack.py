"""The production stack as docker-compose.yml describes it, started as processes on loopback.

Used by `make smoke`, the load benchmark and the fault drills: PostgreSQL and Redis of this machine,
gunicorn with production settings and collected static files (WhiteNoise), a Celery worker and beat,
each started with the very command docker-compose.yml gives its service.
"""

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def say(text):
    print(f"[stack] {text}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compose_commands():
    """The web, worker and beat commands exactly as docker-compose.yml gives them."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name: " ".join(services[name]["command"].split()) for name in ("web", "worker", "beat")}


def redis_up():
    return (
        subprocess.run(["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode
        == 0
    )


def start_redis():
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            REDIS_HOST,
            "--port",
            str(REDIS_PORT),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    for _ in range(50):
        if redis_up():
            return
        time.sleep(0.1)


def stop_redis():
    subprocess.run(["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)
    for _ in range(50):
        if not redis_up():
            return
        time.sleep(0.1)


def ensure_services():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode != 0:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
    if not redis_up():
        start_redis()


def psql(sql, db="postgres"):
    subprocess.run(["psql", f"{PG}/{db}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def get_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


@dataclass
class Stack:
    base_url: str
    env: dict
    work: Path
    commands: dict
    processes: dict = field(default_factory=dict)

    def start(self, name):
        command = self.commands[name]
        log = (self.work / f"{name}.log").open("a")
        process = subprocess.Popen(
            shlex.split(command), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = (process, log)
        say(f"started {name} (pid {process.pid}): {command}")
        return process

    def stop(self, name, sig=signal.SIGTERM, timeout=30):
        process, log = self.processes.pop(name)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()

    def alive(self):
        return {name: process.poll() is None for name, (process, _log) in self.processes.items()}

    def manage(self, *args, check=True, capture=False):
        return subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=check, capture_output=capture, text=True
        )

    def health(self):
        try:
            return get_json(f"{self.base_url}/health/")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_healthy(self, timeout=120):
        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                status, body = self.health()
                if status == 200:
                    return body
                last = body
            except Exception as error:  # still starting
                last = error
            time.sleep(1)
        raise RuntimeError(f"/health/ did not answer 200 in {timeout} s: {last}")

    def log_tail(self, name, lines=30):
        path = self.work / f"{name}.log"
        return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else ""


@contextlib.contextmanager
def production_stack(*, db_name="smoke", services=("web", "worker", "beat"), redis_db=5, web_workers=3, extra_env=None):
    ensure_services()
    work = Path(tempfile.mkdtemp(prefix=f"{db_name}-"))
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{db_name}",
        "CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "CACHE_URL": f"rediscache://{REDIS_HOST}:{REDIS_PORT}/{redis_db + 1}",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "EMAIL_URL": "consolemail://",
        # Loopback instead of the container's 0.0.0.0:8000 (config/gunicorn.py reads them).
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(web_workers),
        **(extra_env or {}),
    }
    commands = {
        name: command.replace("/tmp/celerybeat-schedule", str(work / "celerybeat-schedule"))
        for name, command in compose_commands().items()
    }
    stack = Stack(base_url=f"http://127.0.0.1:{port}", env=env, work=work, commands=commands)
    try:
        say(f"fresh database {db_name}, demo lyceum, static files")
        psql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{db_name}"')
        subprocess.run(["redis-cli", "-h", REDIS_HOST, "-n", str(redis_db), "flushdb"], check=True, capture_output=True)
        for args in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_demo", "--if-empty"],
            ["seed_demo_roadmap", "--if-empty"],
            ["create_demo_users"],
        ):
            stack.manage(*args)
        for name in services:
            stack.start(name)
        say(f"health: {stack.wait_healthy()}")
        yield stack
    finally:
        for name in list(stack.processes):
            stack.stop(name)
        if not redis_up():
            start_redis()
        psql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
