"""The public page keeps its promise: the contacts it points to follow it — the curators who agreed to be
listed (teachers only, never a child) and the school's details."""

import datetime

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction

from mentorship.models import Person, School
from mentorship.selectors import public_curators
from mentorship.services import person_save
from public.models import PageText
from tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def _contacts(client):
    html = client.get("/mentoring/").content.decode()
    return html[html.index('id="contacts"') :]


def test_a_curator_who_agreed_is_listed_with_name_position_phone_and_email(client):
    TeacherFactory(
        last_name="Кураторова",
        first_name="Мария",
        patronymic="Ивановна",
        position="заместитель директора по воспитательной работе",
        phone="+7 (83334) 6-12-34",
        email="kuratorova@example.ru",
        public_contact=True,
    )
    contacts = _contacts(client)
    assert "Кураторова Мария Ивановна" in contacts
    assert "заместитель директора по воспитательной работе" in contacts
    assert 'href="tel:+78333461234"' in contacts and "+7 (83334) 6-12-34" in contacts
    assert 'href="mailto:kuratorova@example.ru"' in contacts


def test_nobody_is_listed_without_the_consent_flag(client):
    teacher = TeacherFactory(last_name="Несогласная", email="no@example.ru")
    assert teacher.public_contact is False  # the default: not listed
    contacts = _contacts(client)
    assert "Несогласная" not in contacts and "no@example.ru" not in contacts


def test_a_teacher_who_left_or_whose_data_were_destroyed_is_not_listed():
    today = datetime.date(2026, 12, 2)
    TeacherFactory(last_name="Ушедшая", public_contact=True, date_left=datetime.date(2026, 6, 30))
    TeacherFactory(last_name="Будущая", public_contact=True, date_joined=datetime.date(2027, 1, 10))
    TeacherFactory(
        last_name="Стёртая", public_contact=True, purged_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    TeacherFactory(last_name="Работающая", public_contact=True)
    assert [c.name.split()[0] for c in public_curators(today=today)] == ["Работающая"]


def test_a_child_is_never_listed_the_service_drops_the_flag_and_the_database_refuses_it(client):
    student = StudentFactory(last_name="Ученикова")
    person_save(person=student, data={"public_contact": True})
    student.refresh_from_db()
    assert student.public_contact is False
    assert "Ученикова" not in _contacts(client)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=student.pk).update(public_contact=True)


def test_listing_and_withdrawing_show_on_the_cached_page_at_once(client):
    cache.clear()
    teacher = TeacherFactory(last_name="Переменчивая")
    assert "Переменчивая" not in _contacts(client)  # now cached
    person_save(person=teacher, data={"public_contact": True})
    assert "Переменчивая" in _contacts(client)
    person_save(person=teacher, data={"phone": "+7 900 000-00-01"})
    assert "+7 900 000-00-01" in _contacts(client)
    person_save(person=teacher, data={"public_contact": False})
    assert "Переменчивая" not in _contacts(client)


def test_the_contacts_text_no_longer_promises_details_that_do_not_follow(client):
    body = PageText.objects.get(key="contacts").body
    assert "указанным ниже" not in body
    assert "кураторы программы, согласившиеся указать свои контакты" in body
    school = School.objects.get()
    School.objects.filter(pk=school.pk).update(phone="+7 (83334) 6-00-00", email="licey@example.ru")
    cache.clear()
    contacts = _contacts(client)
    assert "+7 (83334) 6-00-00" in contacts and 'href="mailto:licey@example.ru"' in contacts
    assert school.address in contacts
