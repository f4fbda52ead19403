"""A visitor, without logging in, reads the public page «Наставничество» on a desktop and on a phone:
the programme's goal, the table of indicators, a news item a curator has just published, the documents."""

import uuid

import pytest
from playwright.sync_api import expect

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture(scope="module")
def news_title(browser, base_url):
    """A curator publishes a news item through the management pages (its cache key changes at once)."""
    title = f"Смоук-новость {uuid.uuid4().hex[:6]}"
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill("curator")
        page.get_by_label("Пароль").fill("nastavnik-demo")
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url("**/dashboard/")
        page.goto(f"{base_url}/mentoring/manage/news/new/")
        page.locator("#id_title").fill(title)
        page.locator("#id_date").fill("2026-09-01")
        page.locator("#id_text").fill("Наставники и наставляемые встретились в начале года.")
        page.locator("#id_status").select_option("published")
        page.get_by_role("button", name="Сохранить").click()
        page.wait_for_load_state()
        assert "/mentoring/manage/" in page.url
    finally:
        context.close()
    return title


@pytest.mark.parametrize("size", list(SIZES))
def test_visitor_reads_the_public_page(browser, base_url, news_title, size):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", viewport=SIZES[size])
    try:
        page = context.new_page()
        response = page.goto(f"{base_url}/mentoring/")
        assert response.status == 200
        assert "/accounts/login/" not in page.url
        expect(page.locator("h1")).to_have_text("Наставничество")
        programme = page.locator("#programme")
        expect(programme).to_contain_text("Целью внедрения")
        # The four indicators of the roadmap, each with its plan-and-actual table by year.
        tables = page.locator("#results table")
        expect(tables).to_have_count(4)
        expect(tables.first.locator("tbody tr").first.locator("th")).to_have_text("2020")
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

        page.locator("#news").get_by_role("link", name=news_title).click()
        page.wait_for_url("**/mentoring/news/*/")
        expect(page.locator("h1")).to_have_text(news_title)
        expect(page.get_by_text("Наставники и наставляемые встретились в начале года.")).to_be_visible()

        response = page.goto(f"{base_url}/mentoring/documents/")
        assert response.status == 200
        expect(page.locator("h1")).to_have_text("Документы")
    finally:
        context.close()
