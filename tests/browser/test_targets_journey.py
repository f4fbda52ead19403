"""The director sets a target for the current year in Chromium and sees it on the dashboard, the year before
present (issue 17: the dashboard skipped 2025), on a desktop and a phone: no axe-core violation and nothing
wider than the screen on every page visited."""

import pytest
from django.utils import timezone

from demo.users import DEMO_PASSWORD, demo_users_create
from indicators.models import Target
from tests.browser.conftest import SCREENS, assert_fits, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert axe_violations(page) == []
    assert_fits(page)


@pytest.mark.parametrize("size", list(SCREENS))
def test_the_director_sets_a_target_for_this_year_and_sees_it_on_the_dashboard(browser, live_server, size, tmp_path):
    demo_users_create()
    year = timezone.localdate().year  # 2026 when this was written: 2025 had no row on the dashboard
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SCREENS[size], bypass_csp=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("director")
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()
        assert page.url.endswith("/dashboard/")
        _checked(page)
        # The year before has its row, says it has no target and links to the targets page.
        previous = page.get_by_test_id(f"target-students_mentees-{year - 1}")
        assert "план не задан" in previous.inner_text()

        if size == "phone":
            page.get_by_role("button", name="Показать меню").click()
        page.get_by_role("link", name="Цели", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name=f"Плановые значения на {year} год").is_visible()
        _checked(page)

        page.get_by_label("1. Наставляемые 10–18 лет, %").fill("75")
        page.get_by_label("2. Наставники 15–18 лет, %").fill("12.5")
        page.get_by_label("Число предприятий города и района").fill("90")
        page.get_by_label("Источник числа").fill("Кировстат")
        page.get_by_role("button", name="Сохранить").click()
        page.wait_for_load_state()
        assert page.get_by_text(f"Плановые значения на {year} год сохранены.").is_visible()
        history = page.get_by_test_id("targets-history").inner_text()
        assert "задано" in history and "Кировстат" in history
        _checked(page)
        assert Target.objects.get(indicator__code="students_mentors", year=year).value == 12.5

        page.get_by_test_id("to-dashboard").click()
        page.wait_for_load_state()
        assert page.get_by_test_id(f"target-students_mentees-{year}").inner_text().strip() == "75,0\xa0%"
        assert page.get_by_test_id(f"row-students_mentees-{year - 1}").is_visible()
        assert page.get_by_test_id("row-students_mentees-2020").is_visible()
        _checked(page)
        page.screenshot(path=str(tmp_path / f"dashboard-{size}.png"), full_page=True)
    finally:
        context.close()
