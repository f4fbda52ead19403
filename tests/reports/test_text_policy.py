"""The text policy in the analytic summary's conclusions and decisions."""

import pytest

from reports.models import AnalyticSummary

pytestmark = pytest.mark.django_db

SUMMARY = "/reports/2024-12-20/"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"conclusions": "Выводы\x1b[31m", "decisions": ""}, "управляющий символ (U+001B)"),
        ({"conclusions": "", "decisions": "\u202eРешение"}, "невидимый знак направления письма (U+202E)"),
        ({"conclusions": "я" * 10_001, "decisions": ""}, "10000"),
    ],
)
def test_the_curator_cannot_save_conclusions_with_the_character_or_too_long(client_as, curator, data, words):
    response = client_as(curator).post(SUMMARY, data)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not AnalyticSummary.objects.filter(conclusions__gt="").exists()
    assert not AnalyticSummary.objects.filter(decisions__gt="").exists()


def test_conclusions_of_several_paragraphs_are_saved(client_as, curator):
    response = client_as(curator).post(SUMMARY, {"conclusions": "Первое.\r\n\r\nВторое.", "decisions": "Решение"})
    assert response.status_code == 302
    assert AnalyticSummary.objects.get().conclusions == "Первое.\r\n\r\nВторое."
