"""A visitor applies to become a mentor on the public page; the curator accepts the application; the
person is in the registry, with what she wrote about herself."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from joining.models import Application
from mentorship.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(settings):
    cache.clear()  # the live server shares this process's cache (the public page, the throttle)
    settings.JOIN_MIN_FILL_SECONDS = 1
    call_command("seed_demo", "--if-empty", verbosity=0)
    call_command("create_demo_users", verbosity=0)


def test_a_visitor_applies_to_become_a_mentor_and_the_curator_accepts(browser, live_server, school):
    visitor = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    try:
        page = visitor.new_page()
        page.goto(f"{live_server.url}/mentoring/")
        page.get_by_role("link", name="Стать наставником").click()
        expect(page.locator("h1")).to_have_text("Стать наставником")
        page.get_by_label("Педагог").check()
        page.get_by_label("Фамилия").fill("Светлова")
        page.get_by_label("Имя").fill("Марина")
        page.get_by_label("Должность").fill("учитель биологии")
        page.get_by_label("Эл. почта").fill("svetlova@example.ru")
        page.get_by_label("В чём вы сильны и с чем можете помочь").fill("биология, проектная работа")
        page.get_by_label("Интересы").fill("экология")
        page.wait_for_timeout(1200)  # a person takes longer than the minimum fill time
        page.get_by_role("button", name="Отправить заявку").click()
        expect(page.locator("h1")).to_have_text("Спасибо, заявка отправлена")
        assert "Светлова" not in page.content() and "svetlova" not in page.url
    finally:
        visitor.close()
    assert Application.objects.get().status == "new"

    curator = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    try:
        page = curator.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("curator")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.goto(f"{live_server.url}/registry/applications/")
        page.get_by_role("link", name="Светлова Марина").click()
        expect(page.get_by_test_id("application")).to_contain_text("биология, проектная работа")
        page.get_by_label("Создать новую запись реестра").check()
        page.get_by_role("button", name="Принять заявку").click()
        expect(page.locator("h1")).to_contain_text("Светлова Марина")
        assert "/registry/people/" in page.url
    finally:
        curator.close()
    person = Person.objects.get(last_name="Светлова")
    assert person.kind == "teacher" and person.strengths == "биология, проектная работа"
    assert Application.objects.get().person == person
