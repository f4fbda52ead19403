"""Migration 0012 adds the search column and fills it for the people and organisations already stored."""

import pytest

from mentorship.models import Organization, Person
from mentorship.search import name_query, organization_query
from tests.migrations import leaves, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("mentorship", "0011_remove_rosterjob_borders")]


def test_existing_people_and_organisations_are_found_after_the_migration():
    latest = leaves()
    old = migrate_to(BEFORE)
    try:
        OldPerson = old.get_model("mentorship", "Person")
        assert "search_name" not in {f.name for f in OldPerson._meta.get_fields()}
        OldPerson.objects.create(kind="student", last_name="Киселёва", first_name="Алёна", patronymic="Ивановна")
        OldPerson.objects.create(kind="teacher", last_name="Петрова", first_name="Мария", patronymic="Ивановна")
        old.get_model("mentorship", "Organization").objects.create(name="ООО «Вятская Ёлка»", territory="town")
    finally:
        migrate_to(latest)
    assert [p.last_name for p in Person.objects.filter(name_query("киселева"))] == ["Киселёва"]
    assert [p.last_name for p in Person.objects.filter(name_query("ивановна"))] == ["Киселёва", "Петрова"]
    assert not Person.objects.filter(name_query("иванов")).exists()
    assert [o.name for o in Organization.objects.filter(organization_query("елка"))] == ["ООО «Вятская Ёлка»"]
