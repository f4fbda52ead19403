"""A curator who forgot the password: login page → «Забыли пароль?» → the letter's link → a new password →
logged in; every page fits the screen and has no axe-core WCAG 2.1 AA violation, on a desktop and a phone."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

from portal.roles import CURATOR
from tests.browser.conftest import SCREENS, assert_fits, axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Ново-3ведённый-пароль"


def _checked(page):
    assert_fits(page)
    assert axe_violations(page) == [], page.url


@pytest.fixture
def page(browser):
    # axe-core is injected as a script: the portal's CSP (no inline scripts) is bypassed for the check only.
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", bypass_csp=True)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_curator_resets_a_forgotten_password_on_both_screens(page, live_server, screen):
    cache.clear()
    mail.outbox = []
    user = UserFactory(username=f"kurator-{screen}", email=f"kurator-{screen}@licey.example")
    user.groups.add(Group.objects.get(name=CURATOR))
    page.set_viewport_size(SCREENS[screen])

    page.goto(f"{live_server.url}/accounts/login/")
    _checked(page)
    page.get_by_role("link", name="Забыли пароль?").click()
    page.wait_for_url("**/accounts/password/reset/")
    _checked(page)
    page.get_by_label("Адрес электронной почты").fill(user.email)
    page.get_by_role("button", name="Отправить ссылку").click()
    page.wait_for_url("**/accounts/password/reset/sent/")
    assert "Проверьте почту" in page.content()
    _checked(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.wait_for_url("**/set-password/")
    _checked(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Сохранить новый пароль").click()
    page.wait_for_url("**/accounts/password/reset/complete/")
    _checked(page)

    page.get_by_role("link", name="Войти").last.click()
    page.get_by_label("Имя пользователя").fill(user.username)
    page.get_by_label("Пароль").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

    page.goto(link)  # used once: the link no longer works
    assert "Ссылка не действует" in page.content()
    _checked(page)
