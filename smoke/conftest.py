import os

import pytest
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("SMOKE_BASE_URL", "")
PASSWORD = "nastavnik-demo"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def base_url():
    if not BASE_URL:
        pytest.fail("The smoke journeys run through `make smoke` (SMOKE_BASE_URL is not set).")
    return BASE_URL


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", accept_downloads=True)
    context.set_default_timeout(30000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page, base_url):
    def do_login(username):
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        return page

    return do_login
