"""The administrator destroys a student's data after the parent withdrew consent, in Chromium: the act's page
lists the place where the surname stands alone, on a desktop and a phone, with no axe-core violation."""

import datetime

import pytest

from demo.users import DEMO_PASSWORD, demo_users_create
from mentorship.models import DestructionRecord, Person
from public.models import NewsItem, Status
from tests.browser.conftest import SCREENS, axe_violations
from tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = SCREENS


@pytest.mark.parametrize("size", list(SIZES))
def test_admin_destroys_the_data_and_checks_the_listed_place(browser, live_server, size, tmp_path):
    demo_users_create()
    child = StudentFactory(last_name="Зеленоглазова", first_name="Снежана", patronymic="Аркадьевна")
    news = NewsItem.objects.create(
        title="Итоги олимпиады",
        date=datetime.date(2024, 5, 1),
        text="Призёры: Зеленоглазова, Петров.",
        status=Status.DRAFT,
    )
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SIZES[size], bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("admin")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/registry/people/{child.pk}/")
        page.get_by_role("link", name="Согласие отозвано: уничтожить данные").click()
        assert axe_violations(page) == []
        page.get_by_label("Основание").fill("Заявление родителя № 15 от 01.11.2024")
        page.get_by_label("Понимаю, что персональные данные").check()
        page.get_by_role("button", name="Уничтожить персональные данные").click()
        page.get_by_text("Места для проверки").wait_for()
        record = DestructionRecord.objects.get()
        assert page.url.endswith(f"/registry/destruction-acts/{record.pk}/")
        assert page.locator("mark").inner_text() == "Зеленоглазова"
        assert page.get_by_role("link", name=f"Новость № {news.pk} (публичная страница)").is_visible()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(tmp_path / f"act-{size}.png"), full_page=True)
        assert Person.objects.get(pk=child.pk).purged_at is not None
    finally:
        context.close()
