"""Headers as people write them, a class letter in its own column, and the lines under the list (issue 16)."""

import datetime

import pytest

from mentorship.models import Mentorship, Organization, Person
from roster.columns import STUDENTS, TEACHERS, match_header
from tests.factories import OrganizationFactory, StudentFactory

from .files import csv_file, xlsx

pytestmark = pytest.mark.django_db
VALID_INN = "7707083893"


@pytest.mark.parametrize(
    ("name", "birth", "grade"),
    [
        ("Ф.И.О.", "Дата рождения", "Класс"),
        ("ФИО обучающегося", "Дата рожд.", "Класс"),
        ("Фамилия, имя, отчество", "Дата рождения (дд.мм.гггг)", "Класс*"),
        ("  ф.и.о.:  ", "Дата\nрождения", "КЛАСС (группа)"),
        ("Фамилия, имя, отчество обучающегося", "Д/р", "Класс."),
        ("ФИО ученика\n(полностью)", "Дата рождения ребёнка", "  класс  "),
    ],
)
def test_student_headers_as_schools_write_them_are_recognised(run_import, tmp_path, name, birth, grade):
    rows = [["№ п/п", name, birth, grade], [1, "Семёнова Алёна Петровна", "15.03.2011", "7 б"]]
    result = run_import("students", xlsx(rows, tmp_path / "h.xlsx"))
    assert result.summary() == "создано 1, изменено 0, без изменений 0", result.errors
    alena = Person.objects.get()
    assert (alena.last_name, alena.first_name, alena.patronymic) == ("Семёнова", "Алёна", "Петровна")
    assert (alena.birth_date, alena.grade, alena.class_letter) == (datetime.date(2011, 3, 15), 7, "Б")


def test_header_words_that_only_look_alike_do_not_match():
    assert match_header(STUDENTS, ["ФИО родителя", "Дата рождения", "Класс"]) is None
    assert match_header(STUDENTS, ["ФИО", "Дата рождения", "Классный руководитель"]) is None
    three = match_header(STUDENTS, ["Фамилия обучающегося", "Имя", "Отчество", "Д.р.", "Класс"])
    assert set(three) == {"last_name", "first_name", "patronymic", "birth_date", "class"}
    assert set(match_header(TEACHERS, ["Ф.И.О. педагога", "Педагогический стаж (лет)"])) == {"full_name", "experience"}


def test_teacher_headers_and_subjects_are_imported(run_import, tmp_path):
    rows = [
        [
            "Ф.И.О. педагога",
            "Занимаемая должность",
            "Преподаваемые предметы",
            "Дата начала педагогической деятельности",
        ],
        ["Учителева Елена Петровна", "учитель", "математика, информатика", "01.09.2005"],
    ]
    result = run_import("teachers", xlsx(rows, tmp_path / "t.xlsx"))
    assert result.summary() == "создано 1, изменено 0, без изменений 0", result.errors
    teacher = Person.objects.get()
    assert (teacher.kind, teacher.position, teacher.subjects) == ("teacher", "учитель", "математика, информатика")
    assert teacher.career_start == datetime.date(2005, 9, 1)


def test_organisation_headers_and_contacts_keep_their_line_breaks(run_import, tmp_path):
    contacts = "+7 (83334) 6-00-00\n  priemnaya@example.ru  \n\nул. Ленина, 1"
    rows = [
        ["Наименование организации", "ИНН организации", "Тип организации", "Территория:", "Контактные данные"],
        ["ПАО Сбербанк", VALID_INN, "предприятие", "город", contacts],
    ]
    path = xlsx(rows, tmp_path / "o.xlsx")
    assert run_import("organizations", path).summary() == "создано 1, изменено 0, без изменений 0"
    organization = Organization.objects.get()
    assert organization.contacts == "+7 (83334) 6-00-00\npriemnaya@example.ru\nул. Ленина, 1"
    assert (organization.inn, organization.territory) == (VALID_INN, Organization.Territory.TOWN)
    assert run_import("organizations", path).summary() == "создано 0, изменено 0, без изменений 1"


def test_external_mentor_and_mentorship_headers(run_import, tmp_path):
    OrganizationFactory(name="ПАО Сбербанк", inn=VALID_INN)
    rows = [
        ["ID", "Ф.И.О.", "Место работы", "Контактный телефон", "Электронная почта"],
        ["Н-1", "Внешний Олег Сергеевич", VALID_INN, "8 912 000-00-00", "oleg@example.ru"],
    ]
    assert run_import("external", xlsx(rows, tmp_path / "m.xlsx")).ok
    oleg = Person.objects.get(roster_id="Н-1")
    assert (oleg.organization.inn, oleg.phone, oleg.email) == (VALID_INN, "8 912 000-00-00", "oleg@example.ru")
    StudentFactory(roster_id="У-1", grade=7)
    rows = [
        ["Форма наставничества", "ФИО наставника", "Наставляемые (ID или ФИО через «;»)", "Дата начала*"],
        ["работодатель – ученик", "Внешний Олег Сергеевич", "У-1", "01.10.2024"],
    ]
    result = run_import("mentorships", xlsx(rows, tmp_path / "p.xlsx"))
    assert result.summary() == "создано 1, изменено 0, без изменений 0", result.errors
    pair = Mentorship.objects.get()
    assert (pair.mentor, pair.start_date) == (oleg, datetime.date(2024, 10, 1))
    assert [m.roster_id for m in pair.mentees.all()] == ["У-1"]


# --- The class letter in its own column ----------------------------------------------------------


@pytest.mark.parametrize(("grade_title", "letter_title"), [("Класс", "Буква"), ("Параллель", "Литера")])
def test_a_class_letter_in_its_own_column_is_joined_to_the_grade(run_import, tmp_path, grade_title, letter_title):
    rows = [
        ["ФИО", "Дата рождения", grade_title, letter_title],
        ["Иванова Мария", "01.01.2011", 7, "Б"],
        ["Петров Пётр", "02.02.2011", "7", " в "],
        ["Сидоров Иван", "03.03.2011", "7Г", "г"],
        ["Без Буквы", "04.04.2011", 8, None],
    ]
    result = run_import("students", xlsx(rows, tmp_path / "l.xlsx"))
    assert result.summary() == "создано 4, изменено 0, без изменений 0", result.errors
    classes = dict(Person.objects.values_list("last_name", "class_letter"))
    assert classes == {"Иванова": "Б", "Петров": "В", "Сидоров": "Г", "Без": ""}
    assert set(Person.objects.values_list("grade", flat=True)) == {7, 8}


def test_a_class_letter_that_contradicts_the_class_or_is_not_a_letter_is_an_error(run_import, tmp_path):
    rows = [
        ["ФИО", "Дата рождения", "Класс", "Буква"],
        ["Иванова Мария", "01.01.2011", "7А", "Б"],
        ["Петров Пётр", "02.02.2011", 7, "БВ"],
    ]
    result = run_import("students", xlsx(rows, tmp_path / "l.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Буква"), (3, "Буква")]
    assert "не совпадает" in result.errors[0].message
    assert Person.objects.count() == 0


# --- Footers -------------------------------------------------------------------------------------

FOOTER = [
    [],
    ["Итого: 3 обучающихся"],
    [None, "Всего", 3],
    [],
    ["Заместитель директора ____________ Е.П. Ефремова"],
    ["Директор", "__________", "И.О. Фамилия"],
    ["М.П."],
    ["«01» сентября 2024 г."],
    [datetime.date(2024, 9, 1)],
    [None, "Е.П. Ефремова"],
]


def _list_with_footer():
    return [
        ["Список 7Б класса на 01.09.2024"],
        ["№", "ФИО", "Дата рождения", "Класс"],
        [1, "Иванова Мария Сергеевна", "01.01.2011", "7Б"],
        [2, "Петров Пётр", "02.02.2011", "7Б"],
        [3, "Сидоров Иван", "03.03.2011", "7Б"],
        *FOOTER,
    ]


def test_totals_signatures_the_seal_and_a_date_under_the_list_are_skipped_and_listed(run_import, tmp_path):
    result = run_import("students", xlsx(_list_with_footer(), tmp_path / "f.xlsx"))
    assert result.errors == []
    assert result.summary() == "создано 3, изменено 0, без изменений 0"
    assert [row for row, _text in result.skipped] == [7, 8, 10, 11, 12, 13, 14, 15]
    assert result.skipped[0] == [7, "Итого: 3 обучающихся"]
    assert result.skipped[3] == [11, "Директор __________ И.О. Фамилия"]
    assert sorted(Person.objects.values_list("last_name", flat=True)) == ["Иванова", "Петров", "Сидоров"]


def test_a_footer_in_a_csv_file_is_skipped_too(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Иванова Мария", "01.01.2011", "7Б"], ["Итого: 1"], ["М.П."]]
    result = run_import("students", csv_file(rows, tmp_path / "f.csv"))
    assert (result.summary(), [r for r, _t in result.skipped]) == ("создано 1, изменено 0, без изменений 0", [3, 4])


def test_a_total_with_people_after_it_is_inside_the_table_and_is_an_error(run_import, tmp_path):
    rows = [
        ["ФИО", "Дата рождения", "Класс"],
        ["Иванова Мария", "01.01.2011", "7Б"],
        ["Итого по 7Б: 1"],
        ["Петров Пётр", "02.02.2011", "8А"],
    ]
    result = run_import("students", xlsx(rows, tmp_path / "f.xlsx"))
    assert {e.row for e in result.errors} == {3}
    assert result.skipped == []
    assert Person.objects.count() == 0


def test_footers_under_an_organisation_list_are_skipped(run_import, tmp_path):
    rows = [
        ["Название", "Территория"],
        ["ООО Вятка", "город"],
        ["Всего: 1 организация"],
        ["Исполнитель: Иванова А.А., тел. 2-22-22"],
    ]
    result = run_import("organizations", xlsx(rows, tmp_path / "o.xlsx"))
    assert (result.ok, [r for r, _t in result.skipped]) == (True, [3, 4])
    assert list(Organization.objects.values_list("name", flat=True)) == ["ООО Вятка"]


# --- Empty dates import with a warning -----------------------------------------------------------


def test_a_student_without_a_date_of_birth_imports_with_a_warning_and_matches_again(run_import, tmp_path):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Иванова Мария", "", "7Б"], ["Петров Пётр", "02.02.2011", "7Б"]]
    path = xlsx(rows, tmp_path / "w.xlsx")
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0"
    assert [(w.row, w.column) for w in result.warnings] == [(2, "Дата рождения")]
    assert "возрастную группу" in result.warnings[0].message
    assert Person.objects.get(last_name="Иванова").birth_date is None
    assert run_import("students", path).summary() == "создано 0, изменено 0, без изменений 2"
