"""mentorship.Feedback became monitoring's satisfaction responses: an existing database migrates every feedback
row (monitoring 0003) before the model is removed (mentorship 0017), and every average of the summary stays
exactly the same."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Avg, Count, Q

from monitoring.models import Response
from monitoring.selectors import RATING_KEYS, satisfaction_averages

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mentorship", "0016_person_matching_profile"), ("monitoring", "0002_default_kit_kit")]
D = datetime.date


def _migrate(targets):
    """Migrate the database to `targets`; the models as they are then."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps_at = {label for label, _name in targets}
    nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps_at]
    return executor.loader.project_state(nodes + targets).apps


def _feedback_averages(Feedback, start, end):
    """The summary's feedback figures as they were computed from the Feedback table (report_feedback)."""
    ended = Q(mentorship__status__in=("completed", "terminated"), mentorship__end_date__range=(start, end))
    result = {}
    for role in ("mentor", "mentee"):
        by_role = ended & Q(author_role=role)
        row = Feedback.objects.aggregate(
            count=Count("pk", filter=by_role),
            would_continue=Count("pk", filter=by_role & Q(would_continue=True)),
            would_become_mentor=Count("pk", filter=by_role & Q(would_become_mentor=True)),
            **{key: Avg(key, filter=by_role) for key in RATING_KEYS},
        )
        result[role] = {
            "count": row["count"],
            "averages": {k: None if row[k] is None else round(float(row[k]), 1) for k in RATING_KEYS},
            "would_continue": row["would_continue"],
            "would_become_mentor": row["would_become_mentor"],
        }
    return result


PERIODS = [(D(2024, 6, 21), D(2024, 12, 20)), (D(2024, 12, 21), D(2025, 6, 20)), (D(2020, 1, 1), D(2030, 1, 1))]


def test_every_feedback_becomes_a_satisfaction_response_and_every_average_stays_the_same():
    old = _migrate(BEFORE)
    try:
        Person = old.get_model("mentorship", "Person")
        Mentorship = old.get_model("mentorship", "Mentorship")
        Feedback = old.get_model("mentorship", "Feedback")
        form = old.get_model("mentorship", "MentorshipForm").objects.get(code="student_student")
        user = old.get_model("auth", "User").objects.create(username="curator-old")
        rows = []
        for n in range(7):
            mentor = Person.objects.create(kind="student", last_name=f"Наставников{n}", first_name="Иван", grade=10)
            mentees = [
                Person.objects.create(kind="student", last_name=f"Учеников{n}{k}", first_name="Пётр", grade=7)
                for k in range(2)
            ]
            status = ("completed", "terminated", "active")[n % 3]
            pair = Mentorship.objects.create(
                form=form,
                mentor=mentor,
                start_date=D(2024, 1, 10),
                status=status,
                end_date=None if status == "active" else D(2024, 9 + n % 4, 1 + n),
            )
            pair.mentees.set(mentees)
            scores = lambda base: {k: (base + i * 3) % 10 + 1 for i, k in enumerate(RATING_KEYS)}  # noqa: E731
            rows.append(
                Feedback.objects.create(
                    mentorship=pair, author_role="mentor", created_by=user, valuable="Доверие" if n % 2 else "",
                    would_continue=n % 2 == 0, would_become_mentor=n % 3 == 0, **scores(n),
                )
            )  # fmt: skip
            for k, mentee in enumerate(mentees[: 1 + n % 2]):
                rows.append(
                    Feedback.objects.create(
                        mentorship=pair, author_role="mentee", mentee=mentee, missing="Времени",
                        would_continue=True, would_become_mentor=k == 0, **scores(n + 4 * k + 1),
                    )
                )  # fmt: skip
        before = {period: _feedback_averages(Feedback, *period) for period in PERIODS}
        feedback = {
            f.pk: (f.author_role, f.mentee_id or f.mentorship.mentor_id, f.mentorship_id, f.created_at, f.created_by_id)
            for f in Feedback.objects.select_related("mentorship")
        }
    finally:
        call_command("migrate", verbosity=0)

    assert Response.objects.count() == len(rows) == 7 + sum(1 + n % 2 for n in range(7))
    for period in PERIODS:
        assert satisfaction_averages(start=period[0], end=period[1])["roles"] == before[period], period
    assert before[PERIODS[2]]["mentee"]["count"] == 7 and before[PERIODS[0]]["mentor"]["averages"]["plan_fulfilment"]
    migrated = {
        (r.role, r.person_id, r.mentorship_id, r.submitted_at, r.entered_by_id)
        for r in Response.objects.filter(channel="paper", questionnaire__code__startswith="satisfaction-")
    }
    assert migrated == set(feedback.values())
    one = Response.objects.filter(role="mentor", entered_by__username="curator-old").first()
    keys = dict(one.answers.values_list("item__key", "number"))
    assert set(RATING_KEYS) <= set(keys) and {"would_continue", "would_become_mentor"} <= set(keys)
    assert not [t for t in connection.introspection.table_names() if t == "mentorship_feedback"]
