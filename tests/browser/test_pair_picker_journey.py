"""A curator forms a pair and a group by typing names, on a desktop and on a phone (issue 17).

The form page ships no list of the registry (under 60 KB with 900 people), Tom Select asks the portal's
search as the curator types, the form of mentoring narrows whom it offers, a student's card opens the form
with the mentee chosen, and the list labels the group. axe-core: 0 violations on the form page; nothing on
any page visited is wider than the screen.
"""

import datetime

import pytest

from demo.users import DEMO_PASSWORD, demo_users_create
from mentorship.models import Mentorship, Person
from tests.browser.conftest import SCREENS, assert_fits, axe_violations, pick_person
from tests.factories import StudentFactory, TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def _logged_in(context, live_server):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("curator")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    return page


def _registry_of_900():
    Person.objects.bulk_create(
        [
            Person(
                kind=Person.Kind.STUDENT,
                last_name=f"Ученик{i:03d}",
                first_name="Иван",
                grade=1 + i % 11,
                class_letter="А",
            )
            for i in range(600)
        ]
        + [
            Person(kind=Person.Kind.TEACHER, last_name=f"Педагог{i:03d}", first_name="Анна", position="учитель")
            for i in range(300)
        ]
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_a_curator_forms_a_pair_and_a_group_by_typing_names(browser, live_server, screen):
    demo_users_create()
    _registry_of_900()
    mentor = StudentFactory(
        last_name="Смирнова", first_name="Алиса", grade=10, class_letter="А", birth_date=D(2009, 2, 1)
    )
    TeacherFactory(last_name="Смирнов", first_name="Олег")  # a teacher: never offered in «student–student»
    pupil = StudentFactory(last_name="Козлов", first_name="Артём", grade=7, class_letter="Б")
    second = StudentFactory(last_name="Морозова", first_name="Ева", grade=7, class_letter="Б")
    third = StudentFactory(last_name="Морозов", first_name="Илья", grade=7, class_letter="Б")
    # axe-core is injected as a script: the context lets it past the CSP (the next test runs under the CSP).
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[screen], bypass_csp=True)
    context.set_default_timeout(15000)
    page = _logged_in(context, live_server)

    # A pair, started from the student's card.
    page.goto(f"{live_server.url}/registry/people/{pupil.pk}/")
    assert_fits(page)
    with page.expect_response(lambda r: "/registry/mentorships/new/" in r.url) as answer:
        page.get_by_role("link", name="Назначить наставника").click()
    assert len(answer.value.body()) < 60 * 1024
    page.wait_for_load_state()
    assert page.locator("#id_mentees-ts-control").is_visible()
    assert pupil.full_name in page.locator("[data-picker-for=mentees] .ts-control").inner_text()
    assert page.locator("[data-picker-fallback]").first.is_hidden()  # «Find» is for pages without JavaScript
    page.get_by_label("Форма наставничества").select_option(label="ученик–ученик")
    assert page.locator("#id_role_model optgroup[label='учитель–учитель']").evaluate("g => g.hidden")
    page.get_by_label("Ролевая модель").select_option(label="успевающий – неуспевающий")
    pick_person(page, "id_mentor", "смир", "Смирнова Алиса")
    assert page.locator("#id_mentor-ts-dropdown").get_by_text("Смирнов Олег").count() == 0
    assert_fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Статус").select_option(label="активно")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Наставничество создано.").wait_for()
    assert_fits(page)
    pair = Mentorship.objects.get()
    assert (pair.mentor, list(pair.mentees.all())) == (mentor, [pupil])

    # A group: one mentor, two mentees typed in.
    page.goto(f"{live_server.url}/registry/mentorships/new/")
    page.get_by_label("Форма наставничества").select_option(label="ученик–ученик")
    pick_person(page, "id_mentor", "Смирнова", "Смирнова Алиса")
    pick_person(page, "id_mentees", "мороз", "Морозова Ева")
    pick_person(page, "id_mentees", "мороз", "Морозов Илья")
    page.locator("#id_mentees-ts-control").press("Escape")
    assert_fits(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Наставничество создано.").wait_for()
    assert_fits(page)
    group = Mentorship.objects.exclude(pk=pair.pk).get()
    assert set(group.mentees.all()) == {second, third}

    page.goto(f"{live_server.url}/registry/mentorships/")
    assert_fits(page)
    assert page.get_by_test_id("group-badge").count() == 1
    assert page.get_by_text("2 наставляемых").count() == 1
    context.close()


def test_without_javascript_the_curator_finds_people_with_the_find_button(browser, live_server):
    demo_users_create()
    mentor = StudentFactory(last_name="Смирнова", first_name="Алиса", grade=10, birth_date=D(2009, 2, 1))
    pupil = StudentFactory(last_name="Козлов", first_name="Артём", grade=7, class_letter="Б")
    context = browser.new_context(java_script_enabled=False, locale="ru-RU", viewport=SCREENS["phone"])
    page = _logged_in(context, live_server)
    page.goto(f"{live_server.url}/registry/people/{pupil.pk}/")
    page.get_by_role("link", name="Назначить наставника").click()
    page.get_by_label("Форма наставничества").select_option(label="ученик–ученик")
    page.get_by_label("Найти наставника по ФИО").fill("Смирнова")
    page.locator("button[name=find][value=mentor]").click()
    page.get_by_text("Найден 1").wait_for()
    assert_fits(page)
    page.locator("#id_mentor").select_option(label=f"{mentor.full_name} (10А) — свободных мест: 3")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_text("Наставничество создано.").wait_for()
    pair = Mentorship.objects.get()
    assert (pair.mentor, list(pair.mentees.all())) == (mentor, [pupil])
    context.close()


def test_under_the_portals_csp_the_picker_starts_and_breaks_no_rule(browser, live_server):
    demo_users_create()
    StudentFactory(last_name="Смирнова", first_name="Алиса", grade=10, birth_date=D(2009, 2, 1))
    context = browser.new_context(locale="ru-RU", viewport=SCREENS["desktop"])
    page = _logged_in(context, live_server)
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.goto(f"{live_server.url}/registry/mentorships/new/")
    assert page.locator("#id_mentor-ts-control").is_visible()
    pick_person(page, "id_mentor", "Смирн", "Смирнова Алиса")
    assert refused == []
    context.close()
