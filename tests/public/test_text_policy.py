"""The text policy on the public page: the curators' forms refuse control, invisible characters, overlong texts."""

import pytest

from public.models import NewsItem

pytestmark = pytest.mark.django_db

NEWS = {"title": "День наставника", "date": "2024-10-05", "text": "Прошёл день наставника.", "status": "draft"}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "День\x1b наставника", "управляющий символ (U+001B)"),
        ("title", "День наставника\u202e", "невидимый знак направления письма (U+202E)"),
        ("text", "Прошёл\u200b день", "невидимый символ нулевой ширины (U+200B)"),
        ("text", "я" * 10_001, "10000"),
    ],
)
def test_a_news_item_with_the_character_or_too_long_is_refused(client_as, curator, field, value, words):
    response = client_as(curator).post("/mentoring/manage/news/new/", {**NEWS, field: value})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not NewsItem.objects.exists()


def test_a_news_text_of_several_paragraphs_is_saved(client_as, curator):
    response = client_as(curator).post("/mentoring/manage/news/new/", {**NEWS, "text": "Первый.\r\n\r\nВторой."})
    assert response.status_code == 302
    assert NewsItem.objects.get().text == "Первый.\r\n\r\nВторой."
