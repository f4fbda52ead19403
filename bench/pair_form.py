"""The pair form and its people picker on the demo lyceum (~1 000 people), through Django's test client.

    .venv/bin/python bench/pair_form.py [--runs 15]

Builds the demo lyceum in a fresh SQLite file (`migrate`, `seed_demo`), logs a curator in and times, each
`--runs` times: the empty form page (GET /registry/mentorships/new/), a «Find» without JavaScript (POST with
`find=mentees`), and the type-ahead search (GET /registry/mentorships/people/?q=…). Prints sizes, query
counts and medians; the figures go to docs/benchmarks.md under «Pair form and people picker».
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(call, runs):
    times, response = [], None
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "pair-form.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("SECRET_KEY", "bench-pair-form-" + str(time.time_ns()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mentorship.models import MentorshipForm, Person
    from portal.roles import CURATOR

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    curator = User.objects.create_user("bench-curator", first_name="Ирина", last_name="Кураторова")
    curator.groups.add(Group.objects.get(name=CURATOR))
    client = Client()
    client.force_login(curator)
    student_form = MentorshipForm.objects.get(code="student_student").pk
    print(f"registry: {Person.objects.count()} people ({Person.objects.students().count()} students)")
    cases = {
        "form page (GET)": lambda: client.get("/registry/mentorships/new/"),
        "«Find» without JS (POST)": lambda: client.post(
            "/registry/mentorships/new/", {"find": "mentees", "mentee_search": "7", "form": student_form}
        ),
        "type-ahead search (GET JSON)": lambda: client.get(
            "/registry/mentorships/people/", {"role": "mentor", "form": student_form, "q": "ан"}
        ),
    }
    for name, call in cases.items():
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            call()
        median, response = _timed(call, args.runs)
        assert response.status_code == 200, response.status_code
        print(f"{name}: {len(response.content) / 1024:.1f} KB, {len(queries)} queries, median {median:.1f} ms")
    db.unlink()


if __name__ == "__main__":
    main()
