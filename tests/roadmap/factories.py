import datetime

import factory

from roadmap.models import Activity, Evidence, Occurrence, Programme, Section


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = "Дорожная карта школы"
    start_year = 2020
    end_year = 2024


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: f"{n + 10}.")
    position = factory.Sequence(lambda n: n + 10)
    title = "Раздел"
    key_result = "Результат раздела"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: f"9.{n}")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Мероприятие {n}")
    key_result = "Результат"
    responsible = "Кураторы целевой программы наставничества"
    documents = "Справка"
    schedule_kind = "period"
    schedule_year = 2021
    schedule_month = 12


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    activity = factory.SubFactory(ActivityFactory)
    starts_on = datetime.date(2021, 12, 1)
    due_on = datetime.date(2021, 12, 20)


class LinkEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    occurrence = factory.SubFactory(OccurrenceFactory)
    url = "https://lyceum.example/news/monitoring"
    comment = "Новость на сайте"
