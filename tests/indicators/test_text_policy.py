"""The text policy in the indicators: the admin refuses control and invisible characters; a value
stored before the policy does not stop the recording of a snapshot."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from indicators.models import EnterpriseCount, Snapshot
from indicators.services import snapshot_get_or_record
from tests.indicators.factories import D

pytestmark = pytest.mark.django_db

KIROV = datetime.timezone(datetime.timedelta(hours=3))


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("Кировстат\x1b", "управляющий символ (U+001B)"),
        ("\u202eКировстат", "невидимый знак направления письма (U+202E)"),
        ("Киров\u200bстат", "невидимый символ нулевой ширины (U+200B)"),
        ("Кировстат\nи район", "одна строка"),
    ],
)
def test_the_admin_refuses_the_character_in_the_source_of_the_number_of_enterprises(
    client_as, admin_user_role, source, words
):
    response = client_as(admin_user_role).post(
        reverse("admin:indicators_enterprisecount_add"), {"year": "2025", "count": "80", "source": source}
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not EnterpriseCount.objects.exists()


@time_machine.travel(datetime.datetime(2024, 12, 20, 23, 50, tzinfo=KIROV), tick=False)
def test_a_source_stored_before_the_policy_does_not_stop_the_recording_of_the_snapshot():
    EnterpriseCount.objects.create(year=2024, count=80, source="Киров\x1bстат\u202e")
    values = snapshot_get_or_record(as_of=D)
    assert [v.kind for v in values] == ["recorded"] * 4
    assert Snapshot.objects.get(as_of=D, indicator__code="organizations_mentors").denominator_note == "Кировстат"
