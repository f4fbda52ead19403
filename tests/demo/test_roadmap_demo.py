import datetime

import pytest
from django.core.management import call_command

from roadmap.models import Evidence, Occurrence
from roadmap.statuses import Status

pytestmark = pytest.mark.django_db


def test_demo_marks_past_occurrences_done_but_a_couple_and_runs_once(time_machine, capsys):
    time_machine.move_to(datetime.datetime(2023, 1, 10, 9, tzinfo=datetime.UTC))
    call_command("seed_demo_roadmap", "--if-empty")
    past = Occurrence.objects.filter(due_on__lt=datetime.date(2023, 1, 10))
    done = past.filter(status=Status.DONE)
    assert done.count() == past.count() - 2
    assert all(o.completed_on == o.due_on for o in done)
    assert Evidence.objects.count() == done.count()
    assert Occurrence.objects.filter(status=Status.IN_PROGRESS).count() == 1
    call_command("seed_demo_roadmap", "--if-empty")
    assert Evidence.objects.count() == done.count()
    assert "уже ведётся" in capsys.readouterr().out
