import pytest

from demo.users import DEMO_PASSWORD, demo_users_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_NAV = {
    "admin": (["Администрирование", "Сведения об ОО"], []),
    "director": (["Сведения об ОО"], ["Администрирование"]),
    "curator": (["Сведения об ОО"], ["Администрирование"]),
    "mentor": ([], ["Администрирование", "Сведения об ОО"]),
}


@pytest.mark.parametrize("username", list(EXPECTED_NAV))
def test_each_demo_role_logs_in_and_sees_its_russian_navigation(login, live_server, username):
    demo_users_create()
    page = login(username, DEMO_PASSWORD)
    assert "/accounts/login/" not in page.url
    page.goto(f"{live_server.url}/registry/school/")  # a page with the full layout for every role
    nav = page.get_by_test_id("nav").text_content() if page.get_by_test_id("nav").count() else ""
    shown, hidden = EXPECTED_NAV[username]
    for label in shown:
        assert label in nav
    for label in hidden:
        assert label not in nav
    assert page.locator("form[action$='/accounts/logout/'] button").inner_text() == "Выйти"
