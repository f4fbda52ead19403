"""The regional analytic summary PDF (hubviews): rendered through config/pdf.py, a real PDF with the
Russian title, the totals, the checklist coverage, who has not submitted and the signatures."""

import re
import subprocess

import pytest
from django.urls import reverse

from tests.hub import factories_views as f

pytestmark = pytest.mark.django_db


def _text(content, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def region():
    region = f.region()
    north = f.municipality("43-1", region, "Север")
    south = f.municipality("43-2", region, "Юг")
    f.report(f.school("a", north, "Школа А"), figures=[(1, 3, 50), (2, 10, None), (0, 0, 70), (1, 4, 30)])
    f.report(f.school("b", north, "Школа Б"), figures=[(2, 3, 70), (3, 10, None), (1, 1, 70), (0, 4, 30)])
    f.school("d", south, "Школа Неотправившая")
    return region


def test_the_summary_is_a_pdf_with_the_title_the_totals_and_the_missing_school(client, region, tmp_path):
    client.force_login(f.analyst(region))
    response = client.get(reverse("hub:summary", args=["43"]), {"date": "2026-12-20"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    text = " ".join(_text(content, tmp_path).split())
    assert "Аналитическая справка по итогам мониторинга" in text
    assert "на 20.12.2026" in text
    assert "Кировская область" in text
    # mentees: 2 reports of 3 schools, 3 of 6, 50.0 % against the weighted plan 60.0 %
    assert re.search(r"Итого 2 ?/ ?3 3 6 50,0 60,0 ✗ нет", text), text
    assert "Приказ о внедрении целевой модели 2 2" in text  # the checklist's coverage
    assert "Школа Неотправившая" in text
    assert "Должность" in text and "Подпись" in text


def test_the_summary_without_reports_is_404(client):
    region = f.region()
    client.force_login(f.analyst(region))
    assert client.get(reverse("hub:summary", args=["43"])).status_code == 404
