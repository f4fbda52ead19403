import datetime

import pytest

from mentorship.models import Feedback, Mentorship
from portal.demo_users import DEMO_PASSWORD, demo_users_create
from tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_forms_a_group_plans_logs_a_meeting_and_completes_it_with_feedback(login, live_server):
    demo_users_create()
    mentor = StudentFactory(last_name="Смирнова", first_name="Алиса", grade=10, birth_date=datetime.date(2009, 2, 1))
    first = StudentFactory(last_name="Козлов", first_name="Артём", grade=7, class_letter="Б")
    second = StudentFactory(last_name="Морозова", first_name="Ева", grade=7, class_letter="Б")
    page = login("curator", DEMO_PASSWORD)

    page.get_by_role("link", name="Наставничества").first.click()
    page.get_by_role("link", name="Новое наставничество").click()
    page.get_by_label("Форма наставничества").select_option(label="ученик–ученик")
    page.get_by_label("Ролевая модель").select_option(label="успевающий – неуспевающий")
    page.get_by_label("Наставник").select_option(label=f"{mentor.full_name} (10А)")
    page.get_by_label("Наставляемые").select_option(label=[f"{first.full_name} (7Б)", f"{second.full_name} (7Б)"])
    page.get_by_label("Запрос наставляемого").fill("Подтянуть алгебру")
    page.get_by_label("Статус").select_option(label="активна")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Наставничество создано.").wait_for()
    mentorship = Mentorship.objects.get()
    assert {p.pk for p in mentorship.mentees.all()} == {first.pk, second.pk}

    page.get_by_role("link", name="Добавить пункт").first.click()
    page.get_by_label("Задача").fill("Разобрать линейные уравнения")
    page.get_by_label("Срок").fill("2099-05-20")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Разобрать линейные уравнения").wait_for()

    page.get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Тема").fill("Знакомство и цели")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Встреча записана.").wait_for()

    page.get_by_role("link", name="Завершить").click()
    page.get_by_label("Результаты").fill("Оценки по алгебре выросли до «4»")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Наставничество завершено.").wait_for()

    page.get_by_role("link", name="Внести отзыв").click()
    page.get_by_label("Реальная эффективность программы").select_option("9")
    page.get_by_label("Что было ценным").fill("Поддержка старшего товарища")
    page.get_by_label("Хотел бы продолжить").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Отзыв сохранён.").wait_for()

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.meetings.get().topic == "Знакомство и цели"
    feedback = Feedback.objects.get(mentorship=mentorship)
    assert feedback.actual_effectiveness == 9 and feedback.would_continue
