"""The director opens the dashboard and a drill-down, then downloads the analytic summary that a curator
asked for and the Celery worker generated (no eager tasks: the stack has a real broker)."""

import datetime

import pypdfium2
from playwright.sync_api import expect

# A monitoring date of the demo programme (2020–2024), in the past whatever today is.
AS_OF = datetime.date(2024, 12, 20)


def _pdf_pages(data):
    document = pypdfium2.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_range().replace("\u00ad", "").split()) for page in document]
    finally:
        document.close()


def test_director_opens_the_dashboard_and_a_drilldown(login, base_url):
    page = login("director")
    assert "/dashboard/" in page.url
    assert page.get_by_role("heading", name="Показатели эффективности целевой модели наставничества").count() == 1
    page.locator("a[href*='/dashboard/students_mentees/']").first.click()
    page.wait_for_load_state()
    assert "Числитель" in page.locator("main").inner_text()


def test_curator_requests_a_summary_the_worker_generates_it_and_the_director_downloads_it(
    browser, login, base_url, tmp_path
):
    page = login("curator")
    page.goto(f"{base_url}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Информационно-аналитические справки")
    page.get_by_test_id(f"missing-{AS_OF}").get_by_role("link", name=f"{AS_OF:%d.%m.%Y}").click()
    expect(page.get_by_test_id("status")).to_have_text("Не сформирована")
    page.get_by_label("Выводы куратора").fill("Смоук: показатели года достигнуты.")
    page.get_by_role("button", name="Сформировать", exact=True).click()
    # Queued or generating: the page refreshes itself (meta refresh) until the worker is done.
    expect(page.get_by_test_id("status")).to_have_text("Готово", timeout=90000)

    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Kirov", accept_downloads=True)
    try:
        director = context.new_page()
        director.goto(f"{base_url}/accounts/login/")
        director.get_by_label("Имя пользователя").fill("director")
        director.get_by_label("Пароль").fill("nastavnik-demo")
        director.get_by_role("button", name="Войти").click()
        director.wait_for_url("**/dashboard/")
        director.goto(f"{base_url}/reports/")
        director.get_by_role("link", name=f"{AS_OF:%d.%m.%Y}").first.click()
        expect(director.get_by_test_id("status")).to_have_text("Готово")
        with director.expect_download() as download_info:
            director.get_by_test_id("download").click()
        download = download_info.value
        assert download.suggested_filename == f"spravka-{AS_OF}.pdf"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
    finally:
        context.close()

    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    pages = _pdf_pages(data)
    first = pages[0]
    assert "Информационно-аналитическая справка" in first
    assert f"по итогам мониторинга реализации программы наставничества на {AS_OF:%d.%m.%Y}" in first
    assert "Отчётный период: 21.06.2024 – 20.12.2024" in first
    assert "Смоук: показатели года достигнуты." in " ".join(pages)
