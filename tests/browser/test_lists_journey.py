"""A curator's lists on a desktop and on a phone: filter 7Б, export exactly its rows, find «Киселёва» by typing
«киселева» (issue 17). Every page visited fits the screen and passes axe-core."""

import datetime

import openpyxl
import pytest

from demo.users import DEMO_PASSWORD, demo_users_create
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    """axe-core finds nothing and nothing pans, the navigation included."""
    assert axe_violations(page) == []
    assert_fits(page)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_curator_filters_7b_exports_exactly_its_rows_and_finds_kiselyova(browser, live_server, tmp_path, screen):
    demo_users_create()
    seventh_b = [
        StudentFactory(grade=7, class_letter="Б", last_name=f"Семиклассникова{n:02d}", first_name="Анна")
        for n in range(33)
    ]
    seventh_b.append(StudentFactory(grade=7, class_letter="Б", last_name="Киселёва", first_name="Алёна"))
    StudentFactory(grade=7, class_letter="Б", last_name="Выбывшая", date_left=datetime.date(2024, 6, 30))
    StudentFactory.create_batch(5, grade=7, class_letter="А")
    StudentFactory(grade=9, class_letter="В", last_name="Петрова", first_name="Мария", patronymic="Ивановна")

    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], accept_downloads=True, bypass_csp=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("curator")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()

        page.goto(f"{live_server.url}/registry/students/")
        _checked(page)
        page.get_by_label("Класс (параллель)").select_option("7")
        page.get_by_label("Литера").fill("б")
        page.get_by_role("button", name="Показать", exact=True).click()
        page.wait_for_load_state()
        assert "grade=7" in page.url
        _checked(page)

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Выгрузить в Excel").click()
        path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(path)
        rows = list(openpyxl.load_workbook(path).active.values)
        assert rows[0][:4] == ("ID", "Фамилия", "Имя", "Отчество")
        exported = sorted(" ".join(p for p in row[1:4] if p) for row in rows[1:])
        assert exported == sorted(p.full_name for p in seventh_b)
        assert len(exported) == 34

        page.get_by_role("link", name="Сбросить").click()
        page.wait_for_load_state()
        page.get_by_label("Поиск").fill("киселева")
        page.get_by_label("Поиск").press("Enter")
        page.wait_for_load_state()
        table = page.locator("table").inner_text()
        assert "Киселёва Алёна" in table
        assert "Семиклассникова" not in table and "Петрова" not in table
        _checked(page)
    finally:
        context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_other_lists_search_export_what_they_show_and_fit(browser, live_server, tmp_path, screen):
    demo_users_create()
    mentee = StudentFactory(last_name="Киселёва", first_name="Алёна", grade=7, class_letter="Б")
    pair = MentorshipFactory(mentees=[mentee])
    mentor_ref = pair.mentor.roster_id or pair.mentor.full_name  # how the export names a mentor
    MentorshipFactory()
    OrganizationFactory(name="ООО «Вятская Ёлка»")
    OrganizationFactory(name="АО «Кировский завод»")
    TeacherFactory(last_name="Ёлкина", first_name="Ирина")
    ExternalMentorFactory(last_name="Семёнов", first_name="Олег")

    context = browser.new_context(
        locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], accept_downloads=True, bypass_csp=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("curator")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()
        for path, label, query, expected, column in [
            ("/registry/mentorships/", "Наставник или наставляемый", "киселева", mentor_ref, 3),
            ("/registry/organizations/", "Поиск", "елка", "ООО «Вятская Ёлка»", 0),
            ("/registry/teachers/", "Поиск", "елкина", "Ёлкина", 1),
            ("/registry/external/", "Поиск", "семенов", "Семёнов", 1),
        ]:
            page.goto(f"{live_server.url}{path}")
            _checked(page)
            page.get_by_label(label).fill(query)
            page.get_by_label(label).press("Enter")
            page.wait_for_load_state()
            _checked(page)
            with page.expect_download() as download_info:
                page.get_by_role("link", name="Выгрузить в Excel").click()
            saved = tmp_path / download_info.value.suggested_filename
            download_info.value.save_as(saved)
            _header, *rows = openpyxl.load_workbook(saved).active.values
            assert [row[column] for row in rows] == [expected], path
    finally:
        context.close()
