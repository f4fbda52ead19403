import openpyxl
import pytest

from demo.users import DEMO_PASSWORD, demo_users_create
from mentorship.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_uploads_a_student_roster_sees_the_preview_and_confirms(login, live_server, tmp_path):
    demo_users_create()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Список обучающихся на 01.09.2024"])
    sheet.append(["ID", "ФИО", "Дата рождения", "Класс", "Категории"])
    sheet.append(["У-1", "Семёнова Алёна Петровна", "15.03.2011", "7 б", "одарённые"])
    sheet.append(["У-2", "Алиев Руслан Тимур оглы", "01.02.2010", '8 "А"', ""])
    path = tmp_path / "7б.xlsx"
    workbook.save(path)

    page = login("admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/registry/roster/import/")
    page.get_by_label("Реестр").select_option("students")
    page.get_by_label("Файл").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()

    assert page.get_by_test_id("job-status").inner_text() == "ожидает подтверждения"
    assert page.get_by_test_id("count-created").inner_text() == "2"
    assert "Семёнова Алёна Петровна, 7Б" in page.get_by_test_id("preview").inner_text()
    assert Person.objects.count() == 0

    page.get_by_role("button", name="Подтвердить импорт").click()
    assert page.get_by_test_id("job-status").inner_text() == "выполнено"
    assert "Импортировано: создано 2" in page.locator("main").inner_text()
    assert sorted(Person.objects.values_list("roster_id", flat=True)) == ["У-1", "У-2"]
