import datetime

import factory
from django.contrib.auth import get_user_model

from mentorship.models import (
    IndividualPlan,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Анна"
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def form(code):
    """A form of mentoring from the reference data (created by migrations)."""
    return MentorshipForm.objects.get(code=code)


def category(code):
    return MenteeCategory.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"ООО «Предприятие {n}»")
    kind = Organization.Kind.ENTERPRISE
    territory = Organization.Territory.TOWN


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    kind = Person.Kind.STUDENT
    last_name = factory.Sequence(lambda n: f"Ученикова{n}")
    first_name = "Мария"
    patronymic = "Ивановна"
    birth_date = datetime.date(2010, 3, 15)
    grade = 8
    class_letter = "А"
    date_joined = datetime.date(2018, 9, 1)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.TEACHER
    last_name = factory.Sequence(lambda n: f"Учителева{n}")
    first_name = "Елена"
    patronymic = "Петровна"
    birth_date = datetime.date(1980, 5, 10)
    position = "учитель"
    subjects = "математика"
    career_start = datetime.date(2005, 9, 1)
    date_joined = datetime.date(2005, 9, 1)


class ExternalMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.EXTERNAL
    last_name = factory.Sequence(lambda n: f"Внешний{n}")
    first_name = "Олег"
    patronymic = "Сергеевич"
    organization = factory.SubFactory(OrganizationFactory)
    position = "инженер"


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A mentorship saved directly (no rules): for setting up a state. Tests of rules use the services."""

    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    form = factory.LazyFunction(lambda: form(MentorshipForm.Code.STUDENT_STUDENT))
    mentor = factory.SubFactory(StudentFactory, grade=10, birth_date=datetime.date(2008, 1, 10))
    start_date = datetime.date(2021, 10, 1)
    status = Mentorship.Status.ACTIVE

    @factory.post_generation
    def mentees(obj, create, extracted, **kwargs):
        if not create:
            return
        people = extracted if extracted is not None else [StudentFactory()]
        obj.mentees.set(people)
        IndividualPlan.objects.bulk_create([IndividualPlan(mentorship=obj, mentee=m) for m in people])


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    task = factory.Sequence(lambda n: f"Задача {n}")
    deadline = datetime.date(2022, 5, 20)
