import datetime

import pytest

from demo.users import DEMO_PASSWORD, demo_users_create
from mentorship.models import Meeting, Mentorship
from monitoring.models import Response
from monitoring.selectors import RATING_KEYS
from tests.browser.conftest import pick_person
from tests.factories import MentorshipFactory, StudentFactory
from tests.parallel import require_postgres

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
    pick_person(page, "id_mentor", "Смирнова", f"{mentor.full_name}")
    pick_person(page, "id_mentees", "Козлов", f"{first.full_name}")
    pick_person(page, "id_mentees", "Морозова", f"{second.full_name}")
    page.get_by_label("Запрос наставляемого").fill("Подтянуть алгебру")
    page.get_by_label("Статус").select_option(label="активно")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Наставничество создано.").wait_for()
    mentorship = Mentorship.objects.get()
    assert {p.pk for p in mentorship.mentees.all()} == {first.pk, second.pk}

    page.get_by_role("link", name="Добавить пункт").first.click()
    page.get_by_label("Задача").fill("Разобрать линейные уравнения")
    page.get_by_label("Срок").fill("2099-05-20")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Разобрать линейные уравнения", exact=True).wait_for()

    page.get_by_role("link", name="Запланировать или записать встречу").click()
    page.get_by_label("состоялась").check()
    page.get_by_label("Тема").fill("Знакомство и цели")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Встреча записана.").wait_for()

    page.get_by_role("link", name="Завершить").click()
    page.get_by_label("Результаты").fill("Оценки по алгебре выросли до «4»")
    page.get_by_test_id("open-items").get_by_text("Разобрать линейные уравнения").wait_for()  # the warning
    page.get_by_label("Всё равно завершить: невыполненные пункты останутся как есть").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Наставничество завершено.").wait_for()

    page.get_by_role("link", name="Внести отзыв").click()
    page.get_by_test_id("feedback-who").get_by_role("link", name="Наставник").click()
    for key in RATING_KEYS:  # a score from 1 to 10 per question, radio buttons without JavaScript
        page.locator(f"input[name={key}][value='{9 if key == 'actual_effectiveness' else 8}']").check()
    page.get_by_label("Что было самым ценным в этой работе?").fill("Поддержка старшего товарища")
    page.locator("input[name=would_continue][value=yes]").check()
    page.locator("input[name=would_become_mentor][value=no]").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Отзыв сохранён.").wait_for()

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.meetings.get().topic == "Знакомство и цели"
    response = Response.objects.get(mentorship=mentorship)
    answers = {a.item.key: a for a in response.answers.select_related("item")}
    assert answers["actual_effectiveness"].number == 9 and answers["would_continue"].flag is True
    assert (response.role, response.channel, response.person_id) == ("mentor", "paper", mentorship.mentor_id)


@pytest.mark.postgres
def test_a_meeting_form_sent_twice_at_once_by_the_browser_logs_one_meeting(login, live_server):
    # PostgreSQL: the in-memory SQLite database of the tests (shared cache) refuses a concurrent reader with
    # «database table is locked»; the portal's embedded file database waits instead (test_sqlite_writers.py).
    require_postgres()
    demo_users_create()
    mentorship = MentorshipFactory()
    page = login("curator", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/registry/mentorships/{mentorship.pk}/meetings/new/")
    page.get_by_label("Тема").fill("Знакомство и цели")
    # A double click: the same form, with the same token, sent twice at the same moment.
    statuses = page.evaluate(
        """async () => {
            const form = document.querySelector("input[name=submission_token]").form;
            const send = () => fetch(form.action || location.href, {method: "POST", body: new FormData(form)});
            const answers = await Promise.all([send(), send()]);
            return answers.map((a) => a.status);
        }"""
    )
    assert statuses == [200, 200]  # both followed their redirect to the mentorship's page
    assert Meeting.objects.filter(mentorship=mentorship).count() == 1
