"""The lyceum's roadmap 2020–2024 (Приложение 1 к приказу от 07.12.2020 № 256/2020-О), word for word.

Cells split across the PDF's pages are joined again; the seed's own wording, typos («лица») and
punctuation are kept. The HTML list in 1.3's documents becomes «- » lines, which the pages show as a list.
"""

import datetime

from django.db import migrations

from roadmap.schedules import Schedule

CURATORS = "Кураторы целевой программы наставничества"

PROGRAMME = {
    "title": "Дорожная карта внедрения целевой модели наставничества в Кировском областном государственном "
    "общеобразовательном автономном учреждении «Вятский многопрофильный лицей» на 2020-2024 годы",
    "start_year": 2020,
    "end_year": 2024,
    "starts_on": datetime.date(2020, 12, 7),
    "approval": "Приказ от 07.12.2020 № 256/2020-О",
}

SECTIONS = [
    {
        "number": "1.",
        "title": "Подготовка условий для запуска программы наставничества",
        "key_result": "Создание организационных и содержательных условий для реализации программы наставничества",
        "activities": [
            {
                "number": "1.1",
                "title": "Информирование участников образовательного процесса о целевой программе наставничества",
                "key_result": "Информирование аудитории о возможностях программы наставничества, "
                "планируемых результатах и вариантах участия",
                "schedule": {"schedule_kind": "period", "schedule_year": 2020, "schedule_month": 11,
                             "schedule_end_month": 12},
                "responsible": CURATORS,
                "documents": "информационные письма, ссылки на вебинары, педсовет",
            },
            {
                "number": "1.2",
                "title": "Методическое обеспечение реализации программы наставничества в лицее",
                "key_result": "Наличие необходимой для реализации программы наставничества методической "
                "документации",
                "schedule": {"schedule_kind": "period", "schedule_year": 2020, "schedule_month": 11},
                "responsible": "",
                "documents": "Методические рекомендации по реализации программы наставничества в лицее, "
                "включающие положение о наставничестве дорожную карту, форму индивидуального плана "
                "осуществления наставничества, форму отзыва о результатах наставничества",
            },
            {
                "number": "1.3",
                "title": "Нормативно-правовое и методическое обеспечение целевой программы наставничества в лицее",
                "key_result": "Наличие необходимых для реализации программы наставничества локальных актов и "
                "методической документации",
                "schedule": {"schedule_kind": "period", "schedule_year": 2020, "schedule_month": 12},
                "responsible": "Директор",
                "documents": "Утверждены в образовательных организациях необходимые методические документы и "
                "локальные акты:\n"
                "- положение о наставничестве;\n"
                "- дорожная карта;\n"
                "- приказы;\n"
                "- программа обучения наставников в образовательной организации;\n"
                "- индивидуальный план осуществления наставничества.",
            },
            {
                "number": "1.4",
                "title": "Организация информационного освещения мероприятий по реализации программы наставничества",
                "key_result": "Обеспечение информационной открытости реализации программы наставничества",
                "schedule": {"schedule_kind": "ongoing"},
                "responsible": CURATORS,
                "documents": "Тематическая страница «Наставничество» на официальном сайте лица образовательных "
                "организаций, новости и публикации в СМИ, социальных сетях о событиях реализации программы "
                "наставничества, вебинары, проведение тематических родительских собраний",
            },
        ],
    },
    {
        "number": "2.",
        "title": "Обучение кураторов и наставников",
        "key_result": "Обеспечение кадровых условий для реализации программы наставничества",
        "activities": [
            {
                "number": "2.1",
                "title": "Обучение кураторов и наставников программы наставничества",
                "key_result": "Формирование у кураторов и наставников необходимых знаний и компетенций",
                "schedule": {"schedule_kind": "years", "schedule_year": 2020, "schedule_end_year": 2024},
                "responsible": "Методическая служба лица",
                "documents": "Пресс-релизы, информационные письма, ссылки на вебинары, пост-релизы, "
                "дополнительные профессиональные программы (программы повышения квалификации) "
                "Удостоверения о повышении квалификации",
            },
        ],
    },
    {
        "number": "3.",
        "title": "Оценка результатов и популяризация лучшего опыта наставничества",
        "key_result": "Оценивание качества процесса реализации программы наставничества",
        "activities": [
            {
                "number": "3.1",
                "title": "Мониторинг реализации программ наставничества в лицее",
                "key_result": "Анализ результатов выполнения программы наставничества",
                "schedule": {"schedule_kind": "yearly_dates", "schedule_days": [[12, 20], [6, 20]]},
                "responsible": CURATORS,
                "documents": "Информационно-аналитическая справка",
            },
            {
                "number": "3.2",
                "title": "Участие в открытых публичных мероприятиях",
                "key_result": "Популяризации практик наставничества и награждения лучших наставников",
                "schedule": {"schedule_kind": "yearly_month", "schedule_month": 8},
                "responsible": "",
                "documents": "Поощрение лучших наставников",
            },
        ],
    },
]


def create_lyceum_roadmap(apps, schema_editor):
    Programme = apps.get_model("roadmap", "Programme")
    Section = apps.get_model("roadmap", "Section")
    Activity = apps.get_model("roadmap", "Activity")
    Occurrence = apps.get_model("roadmap", "Occurrence")
    if Programme.objects.exists():
        return
    programme = Programme.objects.create(**PROGRAMME)
    for section_position, section_data in enumerate(SECTIONS, start=1):
        data = dict(section_data)
        activities = data.pop("activities")
        section = Section.objects.create(programme=programme, position=section_position, **data)
        for position, activity_data in enumerate(activities, start=1):
            data = dict(activity_data)
            schedule_fields = data.pop("schedule")
            activity = Activity.objects.create(section=section, position=position, **data, **schedule_fields)
            schedule = Schedule(
                kind=activity.schedule_kind,
                year=activity.schedule_year,
                end_year=activity.schedule_end_year,
                month=activity.schedule_month,
                end_month=activity.schedule_end_month,
                days=tuple(tuple(pair) for pair in activity.schedule_days),
            )
            slots = schedule.unfold(
                start_year=programme.start_year, end_year=programme.end_year, starts_on=programme.starts_on
            )
            Occurrence.objects.bulk_create(
                Occurrence(activity=activity, starts_on=slot.starts_on, due_on=slot.due_on) for slot in slots
            )


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]
    operations = [migrations.RunPython(create_lyceum_roadmap, migrations.RunPython.noop)]
