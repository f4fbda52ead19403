"""The text policy in the roadmap: evidence and occurrences refuse control and invisible characters."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmap import services
from roadmap.models import Evidence, Occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitoring(db):
    return Occurrence.objects.get(activity__number="3.1", due_on=datetime.date(2021, 12, 20))


@pytest.mark.parametrize(
    ("url", "comment", "words"),
    [
        ("https://lyceum.example/news/1", "Новость\x1b", "управляющий символ (U+001B)"),
        ("https://lyceum.example/news/1", "\u202eНовость", "невидимый знак направления письма (U+202E)"),
        ("https://lyceum\u200b.example/news/1", "Новость", "невидимый символ нулевой ширины (U+200B)"),
    ],
)
def test_an_evidence_link_with_the_character_is_refused_with_the_russian_message(
    client_as, curator, monitoring, url, comment, words
):
    prefix = f"ev{monitoring.pk}"
    response = client_as(curator).post(
        reverse("roadmap:evidence_add", args=[monitoring.pk]),
        {f"{prefix}-url": url, f"{prefix}-comment": comment},
        follow=True,
    )
    assert words in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_occurrence_note_longer_than_the_limit_is_refused_by_the_service(monitoring):
    with pytest.raises(ValidationError) as error:
        services.occurrence_update(occurrence=monitoring, status="done", note="я" * 4001)
    assert set(error.value.message_dict) == {"note"}
    services.occurrence_update(occurrence=monitoring, status="done", note="я" * 4000)
