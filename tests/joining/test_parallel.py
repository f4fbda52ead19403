"""Accept clicked at once by several requests (a double click, two curators): one registry person (PostgreSQL)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from joining.models import Application
from joining.services import application_submit
from mentorship.models import Person
from submissions.decorators import FIELD, submission_token_new
from tests.joining.test_applications import teacher_mentor
from tests.parallel import in_parallel, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
N = 4


def test_accept_sent_four_times_at_once_creates_exactly_one_person(curator):
    require_postgres()
    application = application_submit(
        data={"wish": "mentor", "kind": "teacher", "last_name": "Параллельная", "first_name": "Ирина"}
    )
    url = reverse("applications:accept", args=[application.pk])
    responses = in_parallel(N, lambda client, i: client.post(url, {"person": "0"}), user=curator)
    assert [r.status_code for r in responses] == [302] * N
    assert Person.objects.filter(last_name="Параллельная").count() == 1
    application.refresh_from_db()
    assert application.status == "accepted" and application.person.last_name == "Параллельная"


def test_the_public_form_sent_four_times_at_once_stores_one_application():
    require_postgres()
    cache.clear()
    token = submission_token_new()
    data = {**teacher_mentor(last_name="Двойной"), FIELD: token}
    responses = in_parallel(N, lambda client, i: client.post(reverse("joining:apply_mentor"), data))
    assert [r.status_code for r in responses] == [302] * N
    assert Application.objects.filter(last_name="Двойной").count() == 1
