"""The curator sees the growth table and the SWOT draft, edits the drafted conclusions and generates the summary;
its PDF text (pdftotext) carries the questionnaire section, the growth section and her edited conclusions."""

import datetime
import re
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from demo.monitoring import demo_answers_record
from demo.users import DEMO_PASSWORD, demo_users_create
from monitoring.models import SwotAnalysis
from reports.models import AnalyticSummary
from tests.browser.conftest import SCREENS, assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = datetime.date(2026, 6, 20)
EDIT = "Правка куратора: усилить работу с наставляемыми 7Б класса."


def _pdf_text(path):
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u00ad", "").split())


def test_curator_reads_growth_and_swot_edits_the_drafted_conclusions_and_gets_them_in_the_pdf(
    page, login, live_server, tmp_path
):
    call_command("seed_demo", "--if-empty", verbosity=0)
    demo_users_create()
    demo_answers_record(today=timezone.localdate())
    login("curator", DEMO_PASSWORD)

    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{live_server.url}/monitoring/growth/?as_of={AS_OF:%Y-%m-%d}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Рост участников")
    expect(page.get_by_test_id("growth-table")).to_be_visible()
    expect(page.get_by_test_id("missing-exit")).to_contain_text("итоговой анкеты")
    assert_fits(page)

    page.set_viewport_size(SCREENS["desktop"])
    page.get_by_role("link", name="SWOT-анализ").click()
    expect(page.get_by_test_id("swot-state")).to_have_text("Черновик составлен по данным; ещё ничего не сохранено.")
    threats = page.get_by_label("Угрозы")
    expect(threats).not_to_have_value("")
    threats.fill(threats.input_value() + "\n— Проверено куратором.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_test_id("swot-state")).to_contain_text("Сохранено")
    assert SwotAnalysis.objects.get(as_of=AS_OF).threats.endswith("— Проверено куратором.")

    page.goto(f"{live_server.url}/reports/{AS_OF:%Y-%m-%d}/")
    expect(page.get_by_test_id("drafted")).to_contain_text("составлены по данным")
    conclusions = page.get_by_label("Выводы куратора")
    expect(conclusions).to_have_value(re.compile(r"^Показатель 1 \("))
    conclusions.fill(conclusions.input_value() + "\n\n" + EDIT)
    page.get_by_role("button", name="Сформировать", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("Готово", timeout=90000)

    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    target = tmp_path / "spravka.pdf"
    download_info.value.save_as(target)
    text = _pdf_text(target)
    assert "Анкетирование участников" in text
    assert "Рост участников (вход и выход)" in text
    assert EDIT in text
    assert "Показатель 1 (" in text
    assert AnalyticSummary.objects.get(as_of=AS_OF).conclusions.endswith(EDIT)
