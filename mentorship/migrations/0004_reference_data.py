"""Reference data of the target model: potential-mentee categories, forms and their role models."""

from django.db import migrations

CATEGORIES = [
    ("outstanding", "одарённые", "проявившие выдающиеся способности"),
    ("underachieving", "неуспевающие", "демонстрирующие неудовлетворительные образовательные результаты"),
    ("disabilities", "ОВЗ", "с ограниченными возможностями здоровья"),
    ("difficult_life", "ТЖС", "попавшие в трудную жизненную ситуацию"),
    ("behaviour", "поведение", "имеющие проблемы с поведением"),
    ("disengaged", "отстранённые", "не принимающие участие в жизни школы, отстранённые от коллектива"),
]

FORMS = [
    (
        "student_student",
        "ученик–ученик",
        [
            "успевающий – неуспевающий",
            "лидер – пассивный",
            "равный – равному",
            "адаптированный – неадаптированный",
        ],
    ),
    (
        "teacher_teacher",
        "учитель–учитель",
        [
            "опытный педагог – молодой специалист",
            "опытный классный руководитель – молодой специалист",
            "лидер педагогического сообщества – педагог, испытывающий проблемы",
            "педагог-новатор – консервативный педагог",
            "опытный предметник – неопытный предметник",
        ],
    ),
    (
        "university_student",
        "студент–ученик",
        [
            "успевающий – неуспевающий",
            "лидер – пассивный",
            "равный – другому",
            "адаптированный – неадаптированный",
        ],
    ),
    (
        "employer_student",
        "работодатель–ученик",
        [
            "активный профессионал – равнодушный потребитель",
            "коллега – молодой коллега",
            "работодатель – будущий сотрудник",
        ],
    ),
]


def create_reference_data(apps, schema_editor):
    MenteeCategory = apps.get_model("mentorship", "MenteeCategory")
    MentorshipForm = apps.get_model("mentorship", "MentorshipForm")
    RoleModel = apps.get_model("mentorship", "RoleModel")
    for order, (code, short_name, name) in enumerate(CATEGORIES, start=1):
        MenteeCategory.objects.get_or_create(
            code=code, defaults={"short_name": short_name, "name": name, "order": order}
        )
    for order, (code, name, role_models) in enumerate(FORMS, start=1):
        form, _created = MentorshipForm.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for rm_order, rm_name in enumerate(role_models, start=1):
            RoleModel.objects.get_or_create(form=form, name=rm_name, defaults={"order": rm_order})


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0003_registry")]
    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
