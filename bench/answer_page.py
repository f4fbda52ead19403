"""Server time of the participant's answer page /q/<token>/ (issue 18: median < 30 ms).

    .venv/bin/python bench/answer_page.py [--requests 200] [--database sqlite|postgres://…]

Migrates a fresh SQLite file in a temporary directory (or the PostgreSQL database given), creates a
satisfaction questionnaire shaped like the default kit's (six 1–10 scales, two yes/no, two open texts),
one pair, a campaign started for it and a link issued as a letter would; then asks the page through
Django's test client — the whole middleware stack, DEBUG off, no network — `--requests` times with GET and
as many times with a POST that misses an answer (the page again with its errors, nothing stored). Prints
the median and the 95th percentile of each, and the ratio to the 30 ms goal; the figures go into
docs/benchmarks.md, «Answer page (personal link)».
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 30.0


def _setup(database):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = database
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-answer-page-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _world():
    import datetime

    from django.utils import timezone

    from mentorship.models import Mentorship, MentorshipForm, Person
    from monitoring import campaign_services, links
    from monitoring.models import Invitation, Item, Questionnaire

    questionnaire = Questionnaire.objects.create(
        code="bench-mentee", title="Удовлетворённость наставничеством", purpose="satisfaction", role="mentee"
    )
    keys = [
        ("expected_effectiveness", "scale"),
        ("actual_effectiveness", "scale"),
        ("communication_comfort", "scale"),
        ("meetings_usefulness", "scale"),
        ("plan_fulfilment", "scale"),
        ("expectations_met", "scale"),
        ("would_continue", "yes_no"),
        ("would_become_mentor", "yes_no"),
        ("valuable", "text"),
        ("missing", "text"),
    ]
    for order, (key, kind) in enumerate(keys):
        Item.objects.create(
            questionnaire=questionnaire,
            key=key,
            kind=kind,
            order=order,
            text=f"Вопрос «{key}»",
            required=kind != "text",
        )
    mentor = Person.objects.create(
        kind="student", last_name="Наставникова", first_name="Анна", grade=10, class_letter="А"
    )
    mentee = Person.objects.create(
        kind="student",
        last_name="Ученикова",
        first_name="Вера",
        grade=7,
        class_letter="Б",
        pd_consent_date=datetime.date(2025, 9, 1),
    )
    pair = Mentorship.objects.create(
        form=MentorshipForm.objects.get(code="student_student"),
        mentor=mentor,
        start_date=datetime.date(2025, 9, 1),
        status="active",
    )
    pair.mentees.add(mentee)
    today = timezone.localdate()
    campaign = campaign_services.campaign_create(
        purpose="satisfaction", opens_on=today, closes_on=today + datetime.timedelta(days=7)
    )
    campaign_services.campaign_start(campaign=campaign, mentorships=[pair])
    token, digest = links.new_token()
    Invitation.objects.filter(person=mentee).update(token_digest=digest)
    return links.link_path(token)


def _time(send, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = send()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(args.database or f"sqlite:///{tmp}/bench.sqlite3")
        from django.test import Client

        path = _world()
        client = Client()
        for _ in range(10):  # warm: templates compiled, catalogues loaded
            client.get(path)
        get_median, get_p95 = _time(lambda: client.get(path), args.requests)
        post_median, post_p95 = _time(lambda: client.post(path, {"meetings_usefulness": "7"}), args.requests)
        # The thank-you page: the same base template without the questionnaire, for the machine's load.
        done_median, _done_p95 = _time(lambda: client.get("/q/done/"), args.requests)
        from django.db import connection

        host = f"{platform.node()} · Python {platform.python_version()} · {connection.vendor}"
        print(f"{host} · {args.requests} requests each")
        for label, median, p95 in (
            ("GET  /q/<token>/", get_median, get_p95),
            ("POST, an answer missing", post_median, post_p95),
        ):
            print(f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms ({median / GOAL_MS:.2f} of the goal)")
        print(f"GET  /q/done/ (reference, same base template): median {done_median:.1f} ms")


if __name__ == "__main__":
    main()
