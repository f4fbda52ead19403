import datetime

import pytest

from mentorship.models import Person
from tests.factories import StudentFactory, TeacherFactory

from .files import STUDENT_HEADER, csv_file, students, xlsx

pytestmark = pytest.mark.django_db


def test_a_real_file_with_title_rows_empty_rows_extra_columns_and_yo_is_imported(run_import, tmp_path):
    path = xlsx(
        [
            ["Список обучающихся на 01.09.2024"],
            ["МБОУ Вятский многопрофильный лицей"],
            [],
            ["№ п/п", "  фио: ", "Д.р.", "КЛАСС*", "Категории", "Примечание", "Дата зачисления."],
            [1, "Семёнова   Алёна Петровна", datetime.date(2011, 3, 15), "7 б", "одарённые; ОВЗ", "—", "01.09.2018"],
            [None, None, None, None, None, None, None],
            [2, "Алиев Руслан Тимур оглы", "1.2.2010", '8 "А"', "", None, None],
            [3, "Петров Пётр", 40179, "9-В", "ТЖС", None, None],
        ],
        tmp_path / "list.xlsx",
    )
    result = run_import("students", path)
    assert result.errors == []
    assert result.summary() == "создано 3, изменено 0, без изменений 0"
    alena = Person.objects.get(last_name="Семёнова")
    assert (alena.first_name, alena.patronymic, alena.birth_date) == ("Алёна", "Петровна", datetime.date(2011, 3, 15))
    assert (alena.grade, alena.class_letter, alena.date_joined) == (7, "Б", datetime.date(2018, 9, 1))
    assert sorted(c.code for c in alena.categories.all()) == ["disabilities", "outstanding"]
    aliev = Person.objects.get(last_name="Алиев")
    assert (aliev.patronymic, aliev.class_name, aliev.birth_date) == ("Тимур оглы", "8А", datetime.date(2010, 2, 1))
    petrov = Person.objects.get(last_name="Петров")
    assert (petrov.patronymic, petrov.birth_date, petrov.class_name) == ("", datetime.date(2010, 1, 1), "9В")


def test_three_name_columns_are_accepted(run_import, tmp_path):
    path = xlsx(
        [["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"], ["Иванова", "Мария", "", "2011-03-05", "7Б"]],
        tmp_path / "three.xlsx",
    )
    assert run_import("students", path).summary() == "создано 1, изменено 0, без изменений 0"
    assert Person.objects.get().full_name == "Иванова Мария"


def test_classes_written_four_ways_are_the_same_class(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс"]] + [
        [f"Ученик{i} Иван", "01.01.2011", text] for i, text in enumerate(["7Б", "7 б", "7-Б", '7 "Б"'])
    ]
    assert run_import("students", xlsx(rows, tmp_path / "c.xlsx")).ok
    assert set(Person.objects.values_list("grade", "class_letter")) == {(7, "Б")}


def test_the_sheet_with_the_list_is_read_and_a_missing_sheet_is_an_error(run_import, tmp_path):
    path = xlsx(
        [["Пояснения к списку"]],
        tmp_path / "two.xlsx",
        sheets={"Ученики": [STUDENT_HEADER, *students(4)]},
    )
    first = run_import("students", path)  # the first sheet has no header row: the next one is read
    assert (first.summary(), first.sheet) == ("создано 4, изменено 0, без изменений 0", "Ученики")
    Person.objects.all().delete()
    assert run_import("students", path, sheet="Ученики").summary() == "создано 4, изменено 0, без изменений 0"
    missing = run_import("students", path, sheet="Нет такого")
    assert "Ученики" in missing.file_error


def test_a_bad_date_in_row_73_of_100_names_row_73_and_writes_nothing(run_import, tmp_path):
    rows = students(100)
    rows[71][2] = "31.02.2011"  # data row 72 is sheet row 73 (header in row 1)
    result = run_import("students", xlsx([STUDENT_HEADER, *rows], tmp_path / "bad.xlsx"))
    assert [str(e) for e in result.errors] == ["строка 73, столбец «Дата рождения»: Такой даты нет: «31.02.2011»."]
    assert Person.objects.count() == 0
    assert result.summary() == "создано 0, изменено 0, без изменений 0"


def test_every_error_is_reported_with_its_row_and_column(run_import, tmp_path):
    rows = [
        ["ФИО", "Дата рождения", "Класс", "Категории", "Согласие на публикацию"],
        ["Иванов", "01.01.2010", "7Б", "", "да"],
        ["Петров Пётр", "", "15А", "двоечники", "может быть"],
    ]
    result = run_import("students", xlsx(rows, tmp_path / "e.xlsx"))
    located = {(e.row, e.column) for e in result.errors}
    # The empty date of birth is a warning, not an error (issue 16).
    assert [(w.row, w.column) for w in result.warnings] == [(3, "Дата рождения")]
    assert located == {
        (2, "ФИО"),
        (3, "Класс"),
        (3, "Категории"),
        (3, "Согласие на публикацию"),
    }
    assert Person.objects.count() == 0


def test_importing_the_same_file_twice_changes_nothing_the_second_time(run_import, tmp_path):
    path = xlsx([[*STUDENT_HEADER, "Категории"], *[[*r, "ОВЗ"] for r in students(30)]], tmp_path / "s.xlsx")
    assert run_import("students", path).summary() == "создано 30, изменено 0, без изменений 0"
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    assert run_import("students", path).summary() == "создано 0, изменено 0, без изменений 30"
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_row_updates_only_that_person(run_import, tmp_path):
    rows = students(5)
    run_import("students", xlsx([STUDENT_HEADER, *rows], tmp_path / "a.xlsx"))
    rows[2][3] = "11А"
    result = run_import("students", xlsx([STUDENT_HEADER, *rows], tmp_path / "b.xlsx"))
    assert result.summary() == "создано 0, изменено 1, без изменений 4"
    assert Person.objects.get(roster_id=rows[2][0]).class_name == "11А"


def test_a_row_without_id_matches_by_name_and_birth_date_ignoring_case_and_yo(run_import, tmp_path):
    existing = StudentFactory(
        last_name="Семёнова", first_name="Алёна", patronymic="Петровна", birth_date=datetime.date(2011, 3, 15)
    )
    rows = [
        ["ФИО", "Дата рождения", "Класс", "Дата выбытия"],
        ["СЕМЕНОВА алена петровна", "15.03.2011", "8А", "31.05.2024"],
    ]
    result = run_import("students", xlsx(rows, tmp_path / "m.xlsx"))
    assert result.summary() == "создано 0, изменено 1, без изменений 0"
    existing.refresh_from_db()
    assert existing.date_left == datetime.date(2024, 5, 31)
    assert existing.last_name == "Семёнова"  # the registry keeps its spelling


def test_a_new_id_is_given_to_a_person_imported_before_without_one(run_import, tmp_path):
    existing = StudentFactory(
        last_name="Иванова", first_name="Мария", patronymic="", birth_date=datetime.date(2011, 1, 1)
    )
    rows = [STUDENT_HEADER, ["S-1", "Иванова Мария", "01.01.2011", "8А"]]
    assert (
        run_import("students", xlsx(rows, tmp_path / "id.xlsx")).summary() == "создано 0, изменено 1, без изменений 0"
    )
    existing.refresh_from_db()
    assert existing.roster_id == "S-1"


def test_an_id_of_a_teacher_in_the_students_file_is_an_error(run_import, tmp_path):
    TeacherFactory(roster_id="T-1")
    result = run_import(
        "students", xlsx([STUDENT_HEADER, ["T-1", "Иванова Мария", "01.01.2011", "7Б"]], tmp_path / "x.xlsx")
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "ID")]
    assert Person.objects.students().count() == 0


def test_the_same_person_twice_in_a_file_is_an_error(run_import, tmp_path):
    rows = [STUDENT_HEADER, ["", "Иванова Мария", "01.01.2011", "7Б"], ["", "иванова мария", "01.01.2011", "7Б"]]
    rows += [["S-9", "Петров Пётр", "01.01.2011", "7Б"], ["S-9", "Сидоров Пётр", "01.01.2011", "7Б"]]
    result = run_import("students", xlsx(rows, tmp_path / "d.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "ФИО"), (5, "ID")]
    assert Person.objects.count() == 0


def test_the_registrys_own_rules_apply_to_rows(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс", "Дата зачисления", "Дата выбытия"]]
    rows.append(["Иванова Мария", "01.01.2011", "7Б", "01.09.2020", "01.09.2019"])
    result = run_import("students", xlsx(rows, tmp_path / "r.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Дата выбытия")]
    assert "раньше" in result.errors[0].message or "до" in result.errors[0].message


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8"), (",", "cp1251"), (";", "utf-8-sig")])
def test_csv_in_utf8_or_windows_1251_with_semicolons_or_commas(run_import, tmp_path, delimiter, encoding):
    rows = [["Список 7Б"], ["ФИО", "Дата рождения", "Класс"], ["Щукина Ёлка Львовна", "05.03.2011", "7Б"], []]
    path = csv_file(rows, tmp_path / "list.csv", delimiter=delimiter, encoding=encoding)
    result = run_import("students", path)
    assert result.summary() == "создано 1, изменено 0, без изменений 0", result.errors
    assert Person.objects.get().full_name == "Щукина Ёлка Львовна"


def test_dry_run_reports_the_counts_and_writes_nothing(run_import, tmp_path):
    path = xlsx([STUDENT_HEADER, *students(7)], tmp_path / "s.xlsx")
    assert run_import("students", path, dry_run=True).summary() == "создано 7, изменено 0, без изменений 0"
    assert Person.objects.count() == 0
