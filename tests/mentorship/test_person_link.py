import pytest
from django.core.exceptions import ValidationError

from mentorship.selectors import person_by_roster_id
from mentorship.services import person_link_user
from tests.factories import TeacherFactory, UserFactory


@pytest.mark.django_db
def test_person_link_user_gives_the_person_their_account_once():
    teacher = TeacherFactory(roster_id="T-1")
    user = UserFactory()
    person_link_user(person=person_by_roster_id("T-1"), user=user)
    person_link_user(person=teacher, user=user)  # again: nothing changes
    teacher.refresh_from_db()
    assert teacher.user == user
    assert person_by_roster_id("nobody") is None


@pytest.mark.django_db
def test_person_link_user_refuses_an_account_linked_to_someone_else():
    user = UserFactory()
    first = TeacherFactory(user=user)
    second = TeacherFactory()
    with pytest.raises(ValidationError) as error:
        person_link_user(person=second, user=user)
    assert first.full_name in str(error.value)
    second.refresh_from_db()
    assert second.user is None
