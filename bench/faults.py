"""Fault drills on the production stack (smoke/stack.py), on loopback, with the demo lyceum.

(a) Worker killed while a summary is generating: a curator asks for the summary of 20.12.2024; the
    moment its status is «generating», the whole worker (main process and pool) is killed with SIGKILL,
    as an OOM kill or a power cut would. The message was not acknowledged (acks_late), so Redis gives
    it again once the visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, 20 s in the drill,
    15 min by default); the worker is started again. Expected: exactly one summary for the date, done,
    its PDF complete (opens, page count as stored).
(b) Redis stopped for a few seconds: pages still answer 200 (a registry list, /mentoring/), /health/
    answers 503 with the broker down, «Сформировать» does not fail: the summary stays «В очереди» and
    the user is told; Redis is started again (always, in a `finally`); the beat's recovery sends the
    summary again (JOBS_REQUEUE_* shortened for the drill) and the running worker generates it.

    .venv/bin/python bench/faults.py            # both drills, about 2–3 minutes
    .venv/bin/python bench/faults.py --only a

Exit status non-zero if any expectation fails. Redis is never left down.
"""

import argparse
import re
import signal
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg
import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import Client
from smoke.stack import production_stack, redis_up, say, start_redis, stop_redis

VISIBILITY = 20
RESULTS = []


def check(ok, text):
    RESULTS.append((ok, text))
    say(("OK   " if ok else "FAIL ") + text)
    return ok


def port_of(stack):
    return int(stack.base_url.rsplit(":", 1)[1])


def curator(stack):
    client = Client("127.0.0.1", port_of(stack))
    client.login("curator")
    return client


def request_summary(client, as_of):
    _status, _r, html = client.request("GET", f"/reports/{as_of}/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urllib.parse.urlencode(
        {"conclusions": "Учения: отказ исполнителя.", "decisions": "", "generate": "1", "csrfmiddlewaretoken": token}
    )
    status, response, _ = client.request(
        "POST", f"/reports/{as_of}/", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    return status, response.getheader("Location")


def summaries(db, as_of):
    with db.cursor() as cursor:
        cursor.execute("SELECT status, page_count, pdf FROM reports_analyticsummary WHERE as_of = %s", [as_of])
        return cursor.fetchall()


def wait_status(db, as_of, wanted, timeout, poll=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = summaries(db, as_of)
        if rows and rows[0][0] in wanted:
            return rows[0][0]
        time.sleep(poll)
    rows = summaries(db, as_of)
    return rows[0][0] if rows else None


def pdf_ok(client, as_of, page_count):
    status, _r, data = client.request("GET", f"/reports/{as_of}/pdf/")
    if status != 200 or not data.startswith(b"%PDF"):
        return False, f"HTTP {status}"
    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        first = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    return pages == page_count and "Информационно-аналитическая справка" in first, f"{pages} pages"


def drill_worker_killed(stack, db):
    as_of = "2024-12-20"
    client = curator(stack)
    status, location = request_summary(client, as_of)
    check(status == 302, f"(a) «Сформировать» answers {status} → {location}")
    started = time.monotonic()
    state = wait_status(db, as_of, {"generating", "done", "failed"}, timeout=60, poll=0.005)
    if not check(state == "generating", f"(a) caught the summary generating ({time.monotonic() - started:.2f} s)"):
        return
    stack.stop("worker", sig=signal.SIGKILL)
    killed = time.monotonic()
    time.sleep(0.5)
    rows = summaries(db, as_of)
    check(rows[0][0] == "generating" and not rows[0][2], f"(a) worker killed with SIGKILL mid-generation: {rows}")
    # Past the visibility timeout, a worker that starts restores the unacknowledged message at once.
    time.sleep(max(0.0, VISIBILITY + 2 - (time.monotonic() - killed)))
    stack.start("worker")
    restarted = time.monotonic()
    state = wait_status(db, as_of, {"done", "failed"}, timeout=150, poll=0.2)
    done = time.monotonic()
    check(
        state == "done",
        f"(a) redelivered and done {done - restarted:.1f} s after the worker restarted "
        f"({done - killed:.1f} s after the kill, visibility timeout {VISIBILITY} s)",
    )
    rows = summaries(db, as_of)
    check(len(rows) == 1, f"(a) exactly one summary for {as_of}: {len(rows)}")
    if rows and rows[0][0] == "done":
        ok, note = pdf_ok(client, as_of, rows[0][1])
        check(ok, f"(a) the PDF is complete: {note}, stored page count {rows[0][1]}")


def drill_redis_down(stack, db):
    as_of = "2024-06-20"
    client = curator(stack)
    visitor = Client("127.0.0.1", port_of(stack))
    worker_pid = stack.processes["worker"][0].pid
    down_for = 0.0
    try:
        stop_redis()
        down_at = time.monotonic()
        check(not redis_up(), "(b) Redis stopped")
        status, _r, _d = client.request("GET", "/registry/students/?page=2")
        check(status == 200, f"(b) a registry list with Redis down: {status}")
        status, _r, _d = visitor.request("GET", "/mentoring/")
        check(status == 200, f"(b) /mentoring/ with Redis down: {status}")
        t = time.monotonic()
        status, body = stack.health()
        check(
            status == 503 and '"broker": "error' in body,
            f"(b) /health/ {status} in {time.monotonic() - t:.1f} s: {body}",
        )
        t = time.monotonic()
        status, _location = request_summary(client, as_of)
        check(status == 302, f"(b) «Сформировать» with Redis down: {status} in {time.monotonic() - t:.1f} s")
        _s, _r, html = client.request("GET", f"/reports/{as_of}/")
        page = html.decode()
        check(
            "В очереди" in page and "служба фоновых задач сейчас недоступна" in page,
            "(b) the summary is «В очереди» and the user is told the task service is unavailable",
        )
    finally:
        start_redis()
        down_for = time.monotonic() - down_at
    check(redis_up(), f"(b) Redis started again after {down_for:.1f} s down")
    back = time.monotonic()
    state = wait_status(db, as_of, {"done", "failed"}, timeout=180, poll=0.5)
    check(state == "done", f"(b) the queued summary is done {time.monotonic() - back:.1f} s after Redis came back")
    alive = stack.alive()
    same_worker = stack.processes["worker"][0].pid == worker_pid
    check(
        all(alive.values()) and same_worker,
        f"(b) no restart needed: processes alive {alive}, the same worker (pid {worker_pid})",
    )
    status, _body = stack.health()
    check(status == 200, f"(b) /health/ back to {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["a", "b"])
    args = parser.parse_args()
    extra_env = {
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        # The recovery, shortened for the drill: every 10 s, anything queued is sent again.
        "JOBS_REQUEUE_INTERVAL_SECONDS": "10",
        "JOBS_REQUEUE_QUEUED_MINUTES": "0",
        "JOBS_REQUEUE_RUNNING_MINUTES": "5",
    }
    try:
        with production_stack(db_name="faults", redis_db=10, extra_env=extra_env) as stack:
            with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True) as db:
                if args.only in (None, "a"):
                    drill_worker_killed(stack, db)
                if args.only in (None, "b"):
                    drill_redis_down(stack, db)
            if not all(ok for ok, _t in RESULTS):
                for name in list(stack.processes):
                    say(f"--- {name} log ---\n{stack.log_tail(name, 40)}")
    finally:
        if not redis_up():
            start_redis()
    failed = [text for ok, text in RESULTS if not ok]
    say(f"{len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed")
    return 1 if failed or not RESULTS else 0


if __name__ == "__main__":
    sys.exit(main())
