"""A purge of a person's data reaches her applications to join."""

import datetime

import pytest

from joining.models import Application
from joining.services import application_accept, application_submit
from mentorship.purge import student_purge

pytestmark = pytest.mark.django_db


def _student_application(**overrides):
    data = {
        "wish": "mentee", "kind": "student", "last_name": "Удалова", "first_name": "Вера",
        "birth_date": datetime.date(2012, 2, 2), "grade": 8, "class_letter": "А", "parent_name": "Удалова Ольга",
        "parent_contact": "+7 900 000-00-00", "parent_consent": True, "request": "друзья",
    }  # fmt: skip
    return application_submit(data={**data, **overrides})


def test_the_purge_deletes_the_persons_applications_and_the_unlinked_ones_naming_her(curator, admin_user_role):
    accepted = _student_application()
    person = application_accept(application_id=accepted.pk, user=curator, consent_confirmed=True).person
    again = _student_application()  # sent once more, not yet decided
    namesake = _student_application(birth_date=datetime.date(2011, 1, 1))  # another girl of the same name
    other = _student_application(last_name="Другая")
    record = student_purge(person=person, withdrawn_on=datetime.date(2026, 1, 10), user=admin_user_role)
    assert set(Application.objects.values_list("pk", flat=True)) == {namesake.pk, other.pk}
    assert not Application.objects.filter(pk__in=[accepted.pk, again.pk]).exists()
    assert record.destroyed.get("applications_deleted") == 2
