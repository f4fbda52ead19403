import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from exchange.document import empty_questionnaires
from hub.models import Report, ReportIndicator
from submissions.decorators import FIELD, submission_token_new
from tests.hub.ingest import DATE, analyst, reporter, tree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hub(db):
    return tree()


def _template(client, **params):
    response = client.get(reverse("hub:template"), {"date": DATE.isoformat(), **params})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _fill(workbook):
    kpi = workbook["Показатели"]
    for row, (numerator, denominator, target) in zip(
        range(2, 6), [(3, 10, 50), (1, 10, None), (0, 0, None), (2, 4, 25)], strict=True
    ):
        kpi.cell(row, 3, numerator)
        kpi.cell(row, 4, denominator)
        kpi.cell(row, 5, target)
    workbook["Участие"].append(["Ученик — ученик", "Успевающий — неуспевающий", 2, 2, 3])
    workbook["Участие"].append(["Ученик — ученик", "Лидер — пассивный", 1, 1, 1])
    workbook["Движение"].append(["Ученик — ученик", 2, 1, 0])
    workbook["Планы"].append(["Ученик — ученик", 2, 10, 4, 3, 2, 1, 40, 0])
    workbook["Дорожная карта"]["C2"] = 1
    checklist = workbook["Чек-лист"]
    checklist["C2"] = "да"
    checklist["D2"] = 1
    checklist["E2"] = "https://school.example/doc/1"
    return workbook


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content, name="report.xlsx"):
    return client.post(
        reverse("hub:upload"),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX), FIELD: submission_token_new()},
    )


def test_the_template_is_pre_filled_with_the_school_and_the_date(client, hub):
    client.force_login(reporter(hub["paper"]))

    workbook = _template(client)

    assert workbook.sheetnames == ["Школа", "Показатели", "Участие", "Движение", "Планы", "Дорожная карта", "Чек-лист"]
    school = {row[0]: row[2] for row in workbook["Школа"].iter_rows(min_row=2, values_only=True)}
    assert school["code"] == "sch-2"
    assert school["monitoring_date"] == "20.12.2026"
    assert [row[0] for row in workbook["Показатели"].iter_rows(min_row=2, values_only=True)] == [
        "students_mentees",
        "students_mentors",
        "young_teachers_mentees",
        "organizations_mentors",
    ]
    assert next(workbook["Чек-лист"].iter_rows(min_row=2, values_only=True))[0] == "regulation"


def test_the_filled_template_round_trips_into_a_report_with_the_same_figures(client, hub):
    client.force_login(reporter(hub["paper"]))
    content = _bytes(_fill(_template(client)))

    response = _upload(client, content)

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.organisation, report.monitoring_date, report.source) == (hub["paper"], DATE, "excel")
    kpi = {row["code"]: row for row in report.document["kpi"]}
    assert kpi["students_mentees"] == {
        "code": "students_mentees",
        "numerator": 3,
        "denominator": 10,
        "value": 30.0,
        "target": 50.0,
        "achieved": False,
    }
    assert kpi["young_teachers_mentees"]["value"] is None
    assert kpi["organizations_mentors"]["achieved"] is True
    indicator = ReportIndicator.objects.get(report=report, code="organizations_mentors")
    assert (indicator.numerator, indicator.denominator, indicator.value) == (2, 4, Decimal("50.0"))
    assert report.document["participation"]["total"] == {"mentorships": 3, "mentors": 3, "mentees": 4}
    assert report.document["participation"]["forms"] == [
        {"form": "Ученик — ученик", "mentorships": 3, "mentors": 3, "mentees": 4}
    ]
    assert report.document["plans"]["total"]["average_progress"] == 40
    assert report.document["roadmap"] == {
        "total": 1,
        "by_status": {"planned": 1, "in_progress": 0, "done": 0, "overdue": 0},
    }
    regulation = report.document["checklist"][0]
    assert (regulation["present"], regulation["count"], regulation["links"][0]["url"]) == (
        True,
        1,
        "https://school.example/doc/1",
    )
    assert report.document["questionnaires"] == empty_questionnaires()

    again = _upload(client, content)
    assert again.status_code == 302
    assert Report.objects.get().revision == 1  # the same template again: unchanged


def test_upload_errors_name_the_sheet_and_the_cell_and_nothing_is_saved(client, hub):
    client.force_login(reporter(hub["paper"]))
    workbook = _fill(_template(client))
    workbook["Показатели"]["C2"] = "много"
    workbook["Показатели"]["C3"] = 20  # more than the denominator 10
    workbook["Чек-лист"]["C2"] = "может быть"

    response = _upload(client, _bytes(workbook))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Лист «Показатели», ячейка C2: нужно целое число не меньше 0." in text
    assert "Лист «Показатели», ячейка C3: числитель не может быть больше знаменателя." in text
    assert "Лист «Чек-лист», ячейка C2: нужно «да» или «нет»." in text
    assert not Report.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client, hub):
    client.force_login(reporter(hub["paper"]))

    response = _upload(client, b"%PDF-1.4 not a workbook", name="report.xlsx")

    assert response.status_code == 200
    assert "Загрузите шаблон книгой Excel (.xlsx)." in response.content.decode()
    assert not Report.objects.exists()


def test_another_schools_template_is_refused(client, hub):
    client.force_login(analyst(hub["town"]))
    other = _bytes(_fill(_template(client, school="sch-1")))
    client.force_login(reporter(hub["paper"]))

    response = _upload(client, other)

    assert response.status_code == 200
    assert "Шаблон заполнен для школы «sch-1», а не для вашей." in response.content.decode()
    assert not Report.objects.exists()


def test_access_to_the_template_and_the_upload(client, hub, curator):
    template, upload = reverse("hub:template"), reverse("hub:upload")
    assert client.get(template).status_code == 302  # anonymous: the login page
    assert client.get(upload).status_code == 302
    assert client.post(upload).status_code == 302
    client.force_login(curator)
    assert client.get(template).status_code == 403
    assert client.get(upload).status_code == 403
    assert client.post(upload).status_code == 403
    client.force_login(analyst(hub["town"]))
    assert client.get(template).status_code == 200
    assert client.get(template, {"school": "sch-9"}).status_code == 404  # another municipality's school
    assert client.get(upload).status_code == 403  # an analyst reads, never uploads
    client.force_login(reporter(hub["paper"]))
    assert client.get(upload).status_code == 200
    assert client.get(template, {"date": "2026-12-01"}).status_code == 404


@override_settings(HUB_ENABLED=False)
def test_the_template_and_the_upload_answer_404_where_the_portal_is_not_a_hub(client, hub):
    client.force_login(reporter(hub["paper"]))
    assert client.get(reverse("hub:template")).status_code == 404
    assert client.get(reverse("hub:upload")).status_code == 404


def test_a_target_written_as_text_with_a_comma_is_read_and_forbidden_characters_are_named_by_cell(client, hub):
    client.force_login(reporter(hub["paper"]))
    workbook = _fill(_template(client))
    workbook["Показатели"]["E2"] = "50,5"
    content = _bytes(workbook)
    assert _upload(client, content).status_code == 302
    assert Report.objects.get().document["kpi"][0]["target"] == 50.5

    workbook["Участие"]["A2"] = "Ученик\u202e — ученик"
    response = _upload(client, _bytes(workbook))

    assert "Лист «Участие», ячейка A2: в тексте есть недопустимые символы." in response.content.decode()
    assert Report.objects.get().revision == 1


def test_a_hostile_school_name_is_written_as_text(client, hub):
    hub["paper"].__class__.objects.filter(pk=hub["paper"].pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(reporter(hub["paper"]))

    workbook = _template(client)

    cell = workbook["Школа"]["C3"]
    assert cell.data_type != "f"
    assert cell.value == '\'=HYPERLINK("http://x","y")'
