"""The text policy in the roster: the import refuses such values with a row error, the export strips them."""

import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse

from mentorship.models import Organization, Person
from roster.models import RosterJob
from roster.services import roster_upload
from tests.factories import StudentFactory

from .files import STUDENT_HEADER, csv_file, students, xlsx

pytestmark = pytest.mark.django_db

BAD = pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\x1b", "управляющий символ (U+001B)"),
        ("\x1f", "управляющий символ (U+001F)"),  # Python counts it as a space: it must not become one
        ("\u202e", "невидимый знак направления письма (U+202E)"),
        ("\u200b", "невидимый символ нулевой ширины (U+200B)"),
    ],
    ids=["escape", "unit-separator", "rtl-override", "zero-width-space"],
)


@BAD
def test_a_student_name_with_the_character_is_a_row_error_and_nothing_is_imported(run_import, tmp_path, char, words):
    rows = [STUDENT_HEADER, *students(2), ["S09999", f"Ив{char}анова Мария Петровна", "01.02.2011", "7Б"]]
    result = run_import("students", csv_file(rows, tmp_path / "list.csv"))
    assert [(e.row, e.column) for e in result.errors] == [(4, "ФИО")]
    assert words in result.errors[0].message
    assert "Ив" not in result.errors[0].message
    assert result.created == 0
    assert not Person.objects.exists()


def test_an_xlsx_cell_with_a_direction_override_is_refused(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Петров Пётр\u202e", "01.02.2011", "7Б"]]
    result = run_import("students", xlsx(rows, tmp_path / "list.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "ФИО")]
    assert "U+202E" in result.errors[0].message


@BAD
def test_organisation_contacts_with_the_character_are_a_row_error(run_import, tmp_path, char, words):
    rows = [["Название", "Территория", "Контакты"], ["ООО Ромашка", "город", f"тел. 1{char}23"]]
    result = run_import("organizations", csv_file(rows, tmp_path / "orgs.csv"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Контакты")]
    assert words in result.errors[0].message
    assert not Organization.objects.exists()


def test_spaces_tabs_and_line_breaks_in_a_cell_are_still_one_space(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Петров\t Пётр \u00a0 Ильич", "01.02.2011", "7Б"]]
    assert run_import("students", xlsx(rows, tmp_path / "list.xlsx")).ok
    assert Person.objects.get().full_name == "Петров Пётр Ильич"


def test_the_students_export_strips_the_characters_of_names_stored_before_the_policy(client_as, curator):
    StudentFactory(last_name="Ив\x1bанова", first_name="Ма\u202eрия", patronymic="Пет\u200bровна\x07")
    response = client_as(curator).get(reverse("mentorship:roster_export", args=["students"]))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][1:4] == ("Иванова", "Мария", "Петровна")


def test_the_uploaded_file_name_is_journaled_without_the_characters(admin_user_role):
    upload = SimpleNamespace(name="список\u202exslx.csv", size=10, chunks=lambda: [b"\xff\xfe"])
    job = roster_upload(user=admin_user_role, kind="students", upload=upload)
    job.refresh_from_db()
    assert job.file_name == "списокxslx.csv"
    assert RosterJob.objects.get().file_name == "списокxslx.csv"


def test_the_upload_form_refuses_the_character_in_the_sheet_name(client_as, admin_user_role, tmp_path):
    path = xlsx([STUDENT_HEADER, *students(1)], tmp_path / "list.xlsx")
    with open(path, "rb") as f:
        response = client_as(admin_user_role).post(
            reverse("mentorship:import_journal"), {"kind": "students", "file": f, "sheet": "Лист\x1b1"}
        )
    assert response.status_code == 200
    assert "управляющий символ (U+001B)" in response.content.decode()
    assert not RosterJob.objects.exists()


def test_a_row_error_that_quotes_the_cell_shows_no_terminal_escape(run_import, tmp_path):
    rows = [
        ["Форма", "Наставник", "Наставляемые", "Дата начала"],
        ["ученик–ученик", "Нет\x1b[2JТакого\u202e", "Тоже\x07 Нет", "01.09.2024"],
    ]
    result = run_import("mentorships", csv_file(rows, tmp_path / "pairs.csv"))
    messages = [str(e) for e in result.errors]
    assert any("«Нет[2JТакого»" in m for m in messages), messages
    assert not any(c in m for m in messages for c in "\x1b\x07\u202e")


def test_the_command_line_import_journals_the_names_without_the_characters(tmp_path):
    from roster.services import import_recorded

    path = csv_file([STUDENT_HEADER, *students(1)], tmp_path / "spisok\u202evsc.csv")
    import_recorded(kind="students", path=str(path), sheet="Лист\x1b1")
    job = RosterJob.objects.get()
    assert (job.file_name, job.sheet) == ("spisokvsc.csv", "Лист1")
