"""The demo lyceum's questionnaire answers: deterministic, stored by response_submit, enough for growth and SWOT."""

import datetime

import pytest
from django.core.management import call_command

from demo.monitoring import demo_answers_record
from monitoring.models import Answer, Response
from monitoring.selectors import AnswerFilter, growth_report
from monitoring.swot import swot_draft

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def _fingerprint(after):
    """The answers of the responses recorded after response number `after` (seed_demo's feedback comes before)."""
    rows = Answer.objects.filter(response__pk__gt=after).values_list(
        "response__person__roster_id", "item__key", "number", "flag"
    )
    return sorted(rows, key=lambda row: tuple(str(value) for value in row))


def _last_response():
    return Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_demo_answers_show_growth_a_missing_exit_and_a_swot_draft():
    call_command("seed_demo", verbosity=0)
    before = _last_response()
    counts = demo_answers_record(today=TODAY)
    assert counts["entry"] > 0 and counts["exit"] > 0 and counts["satisfaction"] > 0
    report = growth_report(where=AnswerFilter(as_of=datetime.date(2026, 12, 20)))
    assert report.totals and report.missing_exit_total > 0
    draft = swot_draft(as_of=datetime.date(2026, 12, 20))
    assert "Пока ни один вопрос" not in draft.strengths or "Ни один вопрос" not in draft.weaknesses
    first = _fingerprint(before)
    Response.objects.filter(pk__gt=before).delete()
    again = _last_response()
    demo_answers_record(today=TODAY)
    assert _fingerprint(again) == first  # the same answers every time


def test_the_command_skips_when_answers_exist_and_refuses_outside_the_demo(capsys):
    call_command("seed_demo_monitoring", "--if-empty")
    assert "не демо-лицей" in capsys.readouterr().out
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_monitoring", "--if-empty")
    assert "Анкеты демо-лицея" in capsys.readouterr().out
    call_command("seed_demo_monitoring", "--if-empty")
    assert "уже есть" in capsys.readouterr().out
