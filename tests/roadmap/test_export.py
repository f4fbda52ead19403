import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from roadmap.models import Activity, Occurrence

from .factories import LinkEvidenceFactory


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2022, 1, 10, 10, 0), tick=False)
def test_the_excel_export_holds_every_activity_with_statuses_and_evidence_counts(client_as, director):
    occurrence = Occurrence.objects.get(activity__number="3.1", due_on=datetime.date(2021, 12, 20))
    LinkEvidenceFactory(occurrence=occurrence)
    LinkEvidenceFactory(occurrence=occurrence, url="https://lyceum.example/2")
    Occurrence.objects.filter(pk=occurrence.pk).update(status="done")

    response = client_as(director).get(reverse("roadmap:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="roadmap-2020-2024-')
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "№ п/п"))
    by_number = {r[0]: r for r in rows[header + 1 :]}
    for activity in Activity.objects.all():
        assert by_number[activity.number][1] == activity.title
    monitoring = by_number["3.1"]
    assert monitoring[3] == "ежегодно 20 декабря, 20 июня"
    assert monitoring[6:10] == (9, 1, 2, 2)  # occurrences, done, overdue (20.06 and 20.12.2020), evidence
    assert "20.12.2021 — выполнено" in monitoring[10]
    assert by_number["1."][1] == "Подготовка условий для запуска программы наставничества"

    occurrences = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert len(occurrences) == 1 + Occurrence.objects.count()
    assert ("3.1", "Мониторинг реализации программ наставничества в лицее") in {r[:2] for r in occurrences}
