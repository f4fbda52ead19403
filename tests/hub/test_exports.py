"""The Excel export of a roll-up (hubviews): through config/xlsx.py — opens with openpyxl, the roll-up by
child with the total, every school's indicator rows, the checklist; a value starting with «=» is text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.hub import factories_views as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = f.region()
    north = f.municipality("43-1", region, "Север")
    south = f.municipality("43-2", region, "Юг")
    f.report(
        f.school("a", north, '=HYPERLINK("http://evil")'), figures=[(1, 3, 50), (2, 10, None), (0, 0, 70), (1, 4, 30)]
    )
    f.report(f.school("b", north, "Школа Б"), figures=[(2, 3, 70), (3, 10, None), (1, 1, 70), (0, 4, 30)])
    f.school("d", south, "Школа Г")
    return region


def _workbook(client, code="43"):
    response = client.get(reverse("hub:export", args=[code]), {"date": "2026-12-20"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_export_holds_the_rollup_the_schools_rows_and_the_checklist(client, region):
    client.force_login(f.analyst(region))
    book = _workbook(client)
    assert book.sheetnames == ["Свод", "Показатели школ", "Чек-лист"]
    rollup = list(book["Свод"].values)
    assert rollup[1][:9] == (
        "Организация",
        "Школ",
        "Отчёты",
        "Не сдали",
        "Наставляемые 10–18 лет: числитель",
        "Наставляемые 10–18 лет: знаменатель",
        "Наставляемые 10–18 лет: значение, %",
        "Наставляемые 10–18 лет: план, %",
        "Наставляемые 10–18 лет: достигнуто",
    )
    north, south, total = rollup[2:]
    assert north[:9] == ("Север", 2, 2, 0, 3, 6, 50.0, 60.0, "нет")
    assert south[:4] == ("Юг", 1, 0, 1)
    assert total[:6] == ("Итого", 3, 2, 1, 3, 6)
    schools = list(book["Показатели школ"].values)
    assert len(schools) == 1 + 2 * 4
    assert schools[1][1:6] == ('\'=HYPERLINK("http://evil")', "a", "Наставляемые 10–18 лет", 1, 3)
    checklist = list(book["Чек-лист"].values)
    assert checklist[0] == ("Муниципалитет", "Школа", "Приказ о внедрении целевой модели", "Дорожная карта")
    assert checklist[2] == ("Север", "Школа Б", "да (1)", "нет")


def test_a_formula_never_reaches_a_cell(client, region):
    client.force_login(f.analyst(region))
    book = _workbook(client)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_a_municipality_exports_its_schools_only(client, region):
    client.force_login(f.analyst(region.children.get(code="43-1")))
    book = _workbook(client, "43-1")
    rollup = list(book["Свод"].values)
    assert [row[0] for row in rollup[2:]] == ['=HYPERLINK("http://evil")'.join(["'", ""]), "Школа Б", "Итого"]
    assert client.get(reverse("hub:export", args=["43-2"])).status_code == 404
