import datetime

import pytest
import time_machine

from mentorship.models import Mentorship, MentorshipForm, Organization, Person
from tests.factories import (
    ExternalMentorFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)

from .files import xlsx

pytestmark = pytest.mark.django_db
VALID_INN = "7707083893"  # Сбербанк: a real 10-digit INN with a valid checksum


@time_machine.travel(datetime.date(2024, 9, 1))
def test_teachers_with_a_start_date_or_with_experience_in_years(run_import, tmp_path):
    rows = [
        ["ФИО", "Должность", "Начало педагогической деятельности", "Стаж", "Дата приёма"],
        ["Учителева Елена Петровна", "учитель", "01.09.2005", "", "01.09.2010"],
        ["Новикова Анна Ивановна", "учитель", "", "2,5", ""],
        ["Пустова Ирина", "учитель", "", "", ""],
    ]
    result = run_import("teachers", xlsx(rows, tmp_path / "t.xlsx"))
    # A teacher without a career start imports, with a warning (the model allows it; issue 16).
    assert result.summary() == "создано 3, изменено 0, без изменений 0", result.errors
    assert [(w.row, w.column) for w in result.warnings] == [(4, "Начало педагогической деятельности")]
    assert Person.objects.get(last_name="Пустова").career_start is None
    assert Person.objects.get(last_name="Новикова").career_start == datetime.date(
        2022, 3, 3
    )  # 2.5 × 365.25 days earlier
    assert Person.objects.get(last_name="Учителева").date_joined == datetime.date(2010, 9, 1)


def test_organisations_match_by_inn_then_by_name_and_reimport_changes_nothing(run_import, tmp_path):
    rows = [
        ["Наименование", "ИНН", "Тип", "Территория", "Контакты"],
        ["ПАО Сбербанк", VALID_INN, "", "город", "+7 800"],
        ["Вятский государственный университет", "", "образовательная организация", "район", ""],
    ]
    path = xlsx(rows, tmp_path / "o.xlsx")
    assert run_import("organizations", path).summary() == "создано 2, изменено 0, без изменений 0"
    assert Organization.objects.get(inn=VALID_INN).kind == Organization.Kind.ENTERPRISE
    assert run_import("organizations", path).summary() == "создано 0, изменено 0, без изменений 2"
    rows[2][0] = "ВЯТСКИЙ ГОСУДАРСТВЕННЫЙ УНИВЕРСИТЕТ"
    rows[2][4] = "ректорат"
    assert (
        run_import("organizations", xlsx(rows, tmp_path / "o2.xlsx")).summary()
        == "создано 0, изменено 1, без изменений 1"
    )
    assert Organization.objects.count() == 2


def test_an_organisation_with_a_wrong_inn_or_territory_is_an_error(run_import, tmp_path):
    rows = [
        ["Название", "ИНН", "Территория"],
        ["ООО Ромашка", "7707083894", "город"],
        ["ООО Лютик", "", "область"],
    ]
    result = run_import("organizations", xlsx(rows, tmp_path / "o.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "ИНН"), (3, "Территория")]
    assert "контрольн" in result.errors[0].message.lower() or "ИНН" in result.errors[0].message
    assert Organization.objects.count() == 0


def test_external_mentors_name_their_organisation_by_inn_or_exact_name(run_import, tmp_path):
    OrganizationFactory(name="ПАО Сбербанк", inn=VALID_INN)
    OrganizationFactory(name="ООО Вятка")
    rows = [
        ["ID", "ФИО", "Организация", "Телефон", "E-mail"],
        ["E-1", "Внешний Олег Сергеевич", VALID_INN, "+7 912 000-00-00", "oleg@example.ru"],
        ["E-2", "Другой Пётр", "ооо вятка", "", ""],
        ["E-3", "Третий Иван", "ООО Нет такой", "", ""],
    ]
    result = run_import("external", xlsx(rows, tmp_path / "m.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(4, "Организация")]
    rows.pop()
    assert run_import("external", xlsx(rows, tmp_path / "m.xlsx")).summary() == "создано 2, изменено 0, без изменений 0"
    oleg = Person.objects.get(roster_id="E-1")
    assert (oleg.kind, oleg.organization.inn, oleg.phone) == (Person.Kind.EXTERNAL, VALID_INN, "+7 912 000-00-00")


MENTORSHIP_HEADER = ["ID", "Форма", "Наставник", "Наставляемые", "Дата начала", "Дата окончания", "Статус", "Куратор"]


@pytest.fixture
def pupils():
    return {
        "mentor": StudentFactory(roster_id="S-1", last_name="Старшая", grade=10),
        "a": StudentFactory(roster_id="S-2", last_name="Младшая", first_name="Анна", patronymic=""),
        "b": StudentFactory(roster_id="S-3"),
    }


def test_mentorships_by_id_or_full_name_with_default_statuses_and_reimport_by_pair_id(run_import, tmp_path, pupils):
    curator = UserFactory(username="kurator")
    rows = [
        MENTORSHIP_HEADER,
        ["P-1", "ученик - ученик", "S-1", "Младшая Анна; S-3", "01.10.2023", "", "", "kurator"],
        ["P-2", "Ученик—ученик", "старшая мария ивановна", "S-2", "01.09.2022", "31.05.2023", "", ""],
    ]
    path = xlsx(rows, tmp_path / "p.xlsx")
    result = run_import("mentorships", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    group = Mentorship.objects.get(roster_id="P-1")
    assert group.status == Mentorship.Status.ACTIVE
    assert group.form.code == MentorshipForm.Code.STUDENT_STUDENT
    assert {m.roster_id for m in group.mentees.all()} == {"S-2", "S-3"}
    assert group.curator == curator
    assert group.plans.count() == 2
    assert Mentorship.objects.get(roster_id="P-2").status == Mentorship.Status.COMPLETED
    assert run_import("mentorships", path).summary() == "создано 0, изменено 0, без изменений 2"
    rows[1][3] = "S-2"
    assert (
        run_import("mentorships", xlsx(rows, tmp_path / "p2.xlsx")).summary()
        == "создано 0, изменено 1, без изменений 1"
    )
    assert [m.roster_id for m in Mentorship.objects.get(roster_id="P-1").mentees.all()] == ["S-2"]


def test_mentorship_rows_obey_the_browser_rules(run_import, tmp_path, pupils):
    teacher = TeacherFactory(roster_id="T-1")
    rows = [
        MENTORSHIP_HEADER,
        ["P-1", "ученик–ученик", "S-1", "S-1; S-2", "01.10.2023", "", "", ""],  # mentor is a mentee
        ["P-2", "ученик–ученик", teacher.roster_id, "S-2", "01.10.2023", "", "", ""],  # role does not fit
        ["P-3", "ученик–ученик", "S-1", "S-3", "01.10.2023", "01.09.2023", "завершена", ""],  # dates
        ["P-4", "учитель–ученик", "S-1", "S-3", "01.10.2023", "", "", ""],  # unknown form
        ["P-5", "ученик–ученик", "S-1", "S-3", "01.10.2023", "", "прекращена", ""],  # no end date, no reason
        ["P-6", "ученик–ученик", "Нет Такого", "S-3", "01.10.2023", "", "", "никто"],
    ]
    result = run_import("mentorships", xlsx(rows, tmp_path / "bad.xlsx"))
    located = [(e.row, e.column) for e in result.errors]
    assert (2, "Наставляемые") in located
    assert (3, "Наставник") in located
    assert (4, "Дата окончания") in located
    assert (5, "Форма") in located
    assert (6, "Дата окончания") in located
    assert (7, "Наставник") in located and (7, "Куратор") in located
    assert {r for r, _c in located} == {2, 3, 4, 5, 6, 7}
    assert Mentorship.objects.count() == 0


def test_external_mentor_of_an_enterprise_for_employer_student(run_import, tmp_path, pupils):
    ExternalMentorFactory(roster_id="E-1")
    rows = [MENTORSHIP_HEADER, ["", "работодатель-ученик", "E-1", "S-2", "01.10.2023", "", "", ""]]
    path = xlsx(rows, tmp_path / "e.xlsx")
    assert run_import("mentorships", path).summary() == "создано 1, изменено 0, без изменений 0"
    # Without a pair ID the same row is found again by form, mentor, start date and mentees.
    assert run_import("mentorships", path).summary() == "создано 0, изменено 0, без изменений 1"
