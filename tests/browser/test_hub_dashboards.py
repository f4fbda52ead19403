"""The hub's pages in a browser (hubviews): each fits a 390 px phone and a 1366 px desktop without
sideways panning and passes axe-core (WCAG 2.1 AA); the menu leads the analyst to the roll-ups."""

import pytest

from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.hub import factories_views as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_s_pages_fit_a_phone_and_pass_axe(browser, live_server):
    region = f.region()
    north = f.municipality("43-1", region, "Вятскополянский муниципальный район")
    school = f.school("a", north, "Муниципальное казённое общеобразовательное учреждение «Средняя школа № 1»")
    report = f.report(school)
    f.school("b", north, "Школа без отчёта")
    user = f.analyst(region, username="analyst")
    user.set_password("secret-pass-123")
    user.save()

    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("analyst")
    page.get_by_label("Пароль").fill("secret-pass-123")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert page.url.endswith("/hub/")  # the analyst's home
    nav = page.get_by_test_id("nav")
    nav.get_by_role("button", name="Мониторинг школ").click()  # the dropdown: roll-ups and collections
    assert nav.get_by_role("link", name="Сводные показатели").count() == 1
    assert nav.get_by_role("link", name="Сборы отчётов").count() == 1
    paths = ["/hub/", "/hub/43-1/", "/hub/43/checklist/", "/hub/43/missing/", f"/hub/reports/{report.pk}/"]
    for name, viewport in SCREENS.items():
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert_fits(page)
            assert axe_violations(page) == [], (name, path)
    context.close()
