"""People written by the import (PostgreSQL COPY on the direct path and on the preview's confirm) are found by
the name search like people saved one by one: the import fills the search column itself."""

import pytest
from django.urls import reverse

from mentorship.models import Person
from mentorship.search import name_query, person_search_name
from roster.models import RosterJob

from .files import STUDENT_HEADER, xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    ["S00001", "Киселёва Алёна Игоревна", "01.02.2012", "7Б"],
    ["S00002", "Иванов Пётр Сергеевич", "03.04.2011", "8А"],
]


def _found(query):
    return sorted(Person.objects.filter(name_query(query)).values_list("roster_id", flat=True))


def _assert_searchable():
    for person in Person.objects.all():
        assert person.search_name == person_search_name(person.last_name, person.first_name, person.patronymic)
    assert _found("киселева") == ["S00001"]
    assert _found("Иванов П") == ["S00002"]
    assert _found("ванов") == []


def test_people_imported_directly_are_found_by_the_name_search(run_import, tmp_path):
    run_import("students", xlsx([STUDENT_HEADER, *ROWS], tmp_path / "s.xlsx"))
    assert Person.objects.count() == 2
    _assert_searchable()


def test_people_written_by_the_previews_confirm_are_found_by_the_name_search(client_as, admin_user_role, tmp_path):
    client = client_as(admin_user_role)
    with open(xlsx([STUDENT_HEADER, *ROWS], tmp_path / "s.xlsx"), "rb") as f:
        client.post(reverse("mentorship:import_journal"), {"kind": "students", "file": f, "sheet": ""}, follow=True)
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.PREVIEW and not Person.objects.exists()
    client.post(reverse("mentorship:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterJob.Status.DONE
    _assert_searchable()
