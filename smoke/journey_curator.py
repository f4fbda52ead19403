"""A curator registers three students, forms a group mentorship and gives it a plan."""

import uuid


def _add_student(page, base_url, last_name, grade, birth_date):
    page.goto(f"{base_url}/registry/students/new/")
    page.locator("#id_last_name").fill(last_name)
    page.locator("#id_first_name").fill("Тест")
    page.locator("#id_birth_date").fill(birth_date)
    page.locator("#id_grade").fill(str(grade))
    page.locator("#id_class_letter").fill("А")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text(f"Сохранено: {last_name} Тест.").wait_for()


def _pick(page, field_id, last_name):
    """The people picker (Tom Select): type the surname, click the person the portal's search found."""
    box = page.locator(f"#{field_id}-ts-control")
    box.click()
    box.fill("")  # what was typed for the previous person
    box.press_sequentially(last_name, delay=20)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=f"{last_name} Тест").first
    option.wait_for()
    option.click()


def test_curator_forms_a_mentorship_and_a_plan(login, base_url):
    tag = uuid.uuid4().hex[:6]
    page = login("curator")
    assert "/dashboard/" in page.url
    names = {
        f"Смоукова{tag}": (10, "2009-04-01"),
        f"Смоуков{tag}": (7, "2012-05-02"),
        f"Смоукина{tag}": (7, "2012-06-03"),
    }
    for last_name, (grade, born) in names.items():
        _add_student(page, base_url, last_name, grade, born)
    mentor, *mentees = names
    page.goto(f"{base_url}/registry/mentorships/new/")
    page.get_by_label("Форма наставничества").select_option(label="ученик–ученик")
    _pick(page, "id_mentor", mentor)
    for mentee in mentees:
        _pick(page, "id_mentees", mentee)
    page.get_by_label("Статус").select_option(label="активно")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Наставничество создано.").wait_for()
    page.get_by_role("link", name="Добавить пункт").first.click()
    page.get_by_label("Задача").fill("Подготовить проект к конференции")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Пункт плана сохранён.").wait_for()
    assert page.get_by_text("Подготовить проект к конференции", exact=True).count() == 1  # once, whatever the clicks
