import pytest
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD, demo_users_create
from reports.models import AnalyticSummary
from tests.reports.factories import december_scenario, normalised, pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_writes_conclusions_generates_the_summary_and_downloads_the_pdf(login, live_server, tmp_path):
    demo_users_create()
    december_scenario()
    page = login("curator", DEMO_PASSWORD)

    page.get_by_test_id("nav").get_by_role("link", name="Отчёты").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Информационно-аналитические справки")
    page.get_by_test_id("missing-2024-12-20").get_by_role("link", name="20.12.2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Информационно-аналитическая справка на 20.12.2024")
    expect(page.get_by_test_id("status")).to_have_text("Не сформирована")

    page.get_by_label("Выводы куратора").fill("Показатели 2024 года в целом достигнуты.")
    page.get_by_label("Управленческие решения").fill("Продолжить работу с предприятиями района.")
    page.get_by_role("button", name="Сформировать", exact=True).click()

    expect(page.get_by_test_id("status")).to_have_text("Готово", timeout=60000)
    expect(page.get_by_role("button", name="Сформировать заново")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename == "spravka-2024-12-20.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    pages = pdf_pages(target.read_bytes())
    first = normalised(pages[0])
    assert first.startswith("Кировское областное государственное общеобразовательное автономное учреждение")
    assert "Информационно-аналитическая справка" in first
    assert "по итогам мониторинга реализации программы наставничества на 20.12.2024" in first
    assert "Отчётный период: 21.06.2024 – 20.12.2024" in first
    assert "Показатели 2024 года в целом достигнуты." in normalised(" ".join(pages))
    summary = AnalyticSummary.objects.get()
    assert summary.author.username == "curator" and summary.page_count == len(pages)
