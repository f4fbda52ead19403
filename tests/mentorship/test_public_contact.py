"""A curator's consent to be listed in the public page's contacts: set on the teacher's card, shown there."""

import pytest
from django.urls import reverse

from mentorship.models import Person
from tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_the_curator_ticks_a_teachers_consent_on_the_teacher_form_and_the_card_says_so(client_as, curator):
    teacher = TeacherFactory(last_name="Согласова", first_name="Анна", patronymic="")
    client = client_as(curator)
    page = client.get(reverse("mentorship:person_edit", args=[teacher.pk])).content.decode()
    assert 'name="public_contact"' in page and "Куратор в контактах публичной страницы" in page
    assert "не указан" in client.get(reverse("mentorship:person_detail", args=[teacher.pk])).content.decode()
    response = client.post(
        reverse("mentorship:person_edit", args=[teacher.pk]),
        {"last_name": "Согласова", "first_name": "Анна", "position": "учитель", "public_contact": "on"},
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.public_contact is True
    card = client.get(reverse("mentorship:person_detail", args=[teacher.pk])).content.decode()
    assert "указан в контактах как куратор" in card


def test_the_student_form_has_no_such_choice(client_as, curator):
    student = StudentFactory()
    page = client_as(curator).get(reverse("mentorship:person_edit", args=[student.pk])).content.decode()
    assert 'name="public_contact"' not in page
    assert Person._meta.get_field("public_contact").default is False
