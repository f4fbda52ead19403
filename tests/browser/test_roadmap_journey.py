import re

import pytest
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD, demo_users_create
from roadmap.models import Evidence, Occurrence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_curator_marks_the_december_monitoring_done_and_attaches_a_pdf(login, live_server):
    demo_users_create()
    page = login("curator", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/registry/school/")
    page.get_by_test_id("nav").get_by_role("button", name="Программа").click()  # the dropdown
    page.get_by_test_id("nav").get_by_role("link", name="Дорожная карта").click()
    expect(page.get_by_test_id("roadmap-table")).to_contain_text("ежегодно 20 декабря, 20 июня")
    page.get_by_role("link", name="Мониторинг реализации программ наставничества в лицее").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "3.1 Мониторинг реализации программ наставничества в лицее"
    )

    december = page.get_by_test_id("occurrence-2021-12-20")
    december.locator("select[name$='-status']").select_option(label="выполнено")
    december.locator("textarea[name$='-note']").fill("Справка за первое полугодие подписана")
    december.get_by_role("button", name="Сохранить статус").click()
    expect(page.get_by_role("alert")).to_contain_text("Этап со сроком 20.12.2021 сохранён")

    december = page.get_by_test_id("occurrence-2021-12-20")
    expect(december.locator(".badge")).to_have_text("выполнено")
    december.locator("input[type=file]").set_input_files(
        files=[{"name": "Справка мониторинг.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    december.locator("textarea[name$='-comment']").fill("Информационно-аналитическая справка")
    december.get_by_role("button", name="Добавить подтверждение").click()
    expect(page.get_by_role("alert")).to_contain_text("Подтверждение добавлено")

    december = page.get_by_test_id("occurrence-2021-12-20")
    expect(december.get_by_test_id("evidence-list")).to_contain_text("Справка мониторинг.pdf")
    expect(december.get_by_test_id("evidence-list")).to_contain_text("Наталья Кураторова")

    occurrence = Occurrence.objects.get(activity__number="3.1", due_on="2021-12-20")
    assert occurrence.status == "done"
    evidence = Evidence.objects.get(occurrence=occurrence)
    assert evidence.content_type == "application/pdf"
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF

    with page.expect_download() as download_info:
        december.get_by_role("link", name="Справка мониторинг.pdf").click()
    assert download_info.value.suggested_filename == "Справка мониторинг.pdf"

    page.goto(f"{live_server.url}/roadmap/timeline/?year=2021")
    expect(page.get_by_test_id("roadmap-timeline")).to_be_visible()
    assert re.search(r"status-done", page.content())
