"""An admin imports a student roster: preview, then confirm."""

import uuid

import openpyxl


def test_admin_imports_a_roster(login, base_url, tmp_path):
    tag = uuid.uuid4().hex[:6]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Список обучающихся на 01.09.2026"])
    sheet.append(["ID", "ФИО", "Дата рождения", "Класс"])
    sheet.append([f"S-{tag}-1", f"Импортова{tag} Алёна Петровна", "15.03.2013", "6 б"])
    sheet.append([f"S-{tag}-2", f"Импортов{tag} Руслан Тимурович", "01.02.2012", '7 "А"'])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)

    page = login("admin")
    page.goto(f"{base_url}/registry/roster/import/")
    page.get_by_label("Реестр").select_option("students")
    page.get_by_label("Файл").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    assert page.get_by_test_id("count-created").inner_text() == "2"
    page.get_by_role("button", name="Подтвердить импорт").click()
    assert page.get_by_test_id("job-status").inner_text() == "выполнено"
    page.goto(f"{base_url}/registry/students/?q=Импортова{tag}")
    assert page.get_by_text(f"Импортова{tag} Алёна Петровна").count() == 1
