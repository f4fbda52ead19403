"""The default kit of questionnaires, written in our own words after the structure of the target model's
monitoring: satisfaction of mentees, mentors and parents (stage 1), the curator's view of each pair, and
entry and exit questionnaires (stage 2) whose items share their keys, so that growth is compared by key.

The kit is created once: a questionnaire the curators have since adapted is left as they made it
(`create_default_kit` skips every code that already exists). tests/reference_data.py runs it again after
the flush of transactional tests.
"""

from django.db import migrations

SCALE_HINT = "1 — совсем нет, 10 — полностью."

# The six ratings of the former «Отзыв о результатах наставничества» keep their field names as keys.
SATISFACTION_MENTEE = [
    ("expected_effectiveness", "scale", "Сколько пользы от наставничества ты ждал(а) в самом начале?", SCALE_HINT),
    ("actual_effectiveness", "scale", "Сколько пользы от наставничества получилось на самом деле?", SCALE_HINT),
    ("communication_comfort", "scale", "Легко и приятно было общаться с наставником?", SCALE_HINT),
    ("meetings_usefulness", "scale", "Полезными были встречи с наставником?", SCALE_HINT),
    ("plan_fulfilment", "scale", "Удалось сделать то, что было задумано в плане?", SCALE_HINT),
    ("expectations_met", "scale", "Получилось то, чего ты хотел(а) от наставничества?", SCALE_HINT),
    ("valuable", "text", "Что было самым полезным?", ""),
    ("missing", "text", "Чего не хватило?", ""),
    ("would_continue", "yes_no", "Хочешь и дальше заниматься с этим наставником?", ""),
    ("would_become_mentor", "yes_no", "Хотел(а) бы ты сам(а) стать наставником для кого-то?", ""),
]

SATISFACTION_MENTOR = [
    ("expected_effectiveness", "scale", "Сколько пользы для наставляемого вы ждали в начале?", SCALE_HINT),
    ("actual_effectiveness", "scale", "Сколько пользы получилось на самом деле?", SCALE_HINT),
    ("communication_comfort", "scale", "Легко было общаться с наставляемым?", SCALE_HINT),
    ("meetings_usefulness", "scale", "Полезными были ваши встречи?", SCALE_HINT),
    ("plan_fulfilment", "scale", "Удалось выполнить индивидуальный план?", SCALE_HINT),
    ("expectations_met", "scale", "Оправдало наставничество ваши ожидания?", SCALE_HINT),
    ("valuable", "text", "Что было самым ценным в этой работе?", ""),
    ("missing", "text", "Чего не хватило: времени, помощи, материалов?", ""),
    ("would_continue", "yes_no", "Хотите продолжить работу с этим наставляемым?", ""),
    ("would_become_mentor", "yes_no", "Готовы снова стать наставником в следующем году?", ""),
]

PARENT = [
    ("child_satisfaction", "scale", "Нравится ли ребёнку заниматься с наставником?", SCALE_HINT),
    ("child_progress", "scale", "Видите ли вы, что ребёнку стало легче: в учёбе, в общении, в делах?", SCALE_HINT),
    ("information_enough", "scale", "Хватает ли вам сведений о том, как идёт наставничество?", SCALE_HINT),
    ("would_continue", "yes_no", "Хотите, чтобы ребёнок продолжил участвовать в программе?", ""),
    ("wishes", "text", "Что бы вы посоветовали изменить?", ""),
]

CURATOR = [
    ("meetings_regularity", "scale", "Насколько регулярно проходят встречи пары?", SCALE_HINT),
    ("plan_progress", "scale", "Как выполняется индивидуальный план?", SCALE_HINT),
    ("mentee_progress", "scale", "Заметны ли изменения у наставляемого?", SCALE_HINT),
    ("cooperation", "scale", "Насколько слаженно работают наставник и наставляемый?", SCALE_HINT),
    ("difficulties", "text", "Какие трудности вы видите?", ""),
    ("continue_pair", "yes_no", "Стоит ли продолжать работу этой пары?", ""),
]

GROWTH_HINT = "1 — очень низко, 10 — очень высоко."

# Entry and exit: the same keys, asked as of now («сейчас»), so the two answers compare.
GROWTH_MENTEE = {
    "student_student": [
        ("self_assessment", "Как ты оцениваешь свои успехи в учёбе сейчас?"),
        ("motivation", "Насколько тебе хочется учиться и узнавать новое?"),
        ("involvement", "Как часто ты участвуешь в делах класса и школы: кружках, конкурсах, праздниках?"),
    ],
    "teacher_teacher": [
        ("self_assessment", "Насколько уверенно вы чувствуете себя на уроках сейчас?"),
        ("motivation", "Насколько вам хочется расти в профессии?"),
        ("involvement", "Насколько вы участвуете в жизни школы: методических объединениях, проектах, праздниках?"),
        ("adaptation", "Насколько легко вам в коллективе школы, с учениками и родителями?"),
    ],
    "employer_student": [
        ("self_assessment", "Насколько хорошо ты понимаешь, какую профессию хочешь выбрать?"),
        ("motivation", "Насколько тебе хочется узнавать о профессиях и пробовать себя в деле?"),
        ("involvement", "Как часто ты участвуешь в проектах, конкурсах и делах школы?"),
    ],
    "university_student": [
        ("self_assessment", "Как ты оцениваешь свои знания по предметам, с которыми помогает наставник?"),
        ("motivation", "Насколько тебе хочется учиться дальше, в колледже или вузе?"),
        ("involvement", "Как часто ты участвуешь в делах класса и школы: кружках, конкурсах, праздниках?"),
    ],
}

GROWTH_MENTOR = [
    ("self_assessment", "Насколько уверенно вы чувствуете себя в роли наставника?"),
    ("motivation", "Насколько вам хочется помогать другим и делиться опытом?"),
    ("involvement", "Насколько вы участвуете в жизни школы?"),
]

FORM_TITLES = {
    "student_student": "ученик–ученик",
    "teacher_teacher": "учитель–учитель",
    "employer_student": "работодатель–ученик",
    "university_student": "студент–ученик",
}

ENTRY_INTRO = "Ответь на вопросы о себе, какой ты сейчас, в начале наставничества. Здесь нет верных и неверных ответов."
EXIT_INTRO = "Ответь на те же вопросы, что и в начале: какой ты сейчас, после наставничества."
ENTRY_INTRO_ADULT = "Ответьте о себе, как есть сейчас, в начале наставничества. Верных и неверных ответов нет."
EXIT_INTRO_ADULT = "Ответьте на те же вопросы, что и в начале: как есть сейчас, после наставничества."


def kit():
    """(code, title, purpose, role, form code or None, intro, items) for each questionnaire of the kit."""
    questionnaires = [
        (
            "satisfaction-mentee",
            "Как прошло наставничество: анкета наставляемого",
            "satisfaction",
            "mentee",
            None,
            "Оцени, как прошло наставничество. Ответы видит только куратор программы.",
            SATISFACTION_MENTEE,
        ),
        (
            "satisfaction-mentor",
            "Как прошло наставничество: анкета наставника",
            "satisfaction",
            "mentor",
            None,
            "Оцените работу с наставляемым. Ответы видит только куратор программы.",
            SATISFACTION_MENTOR,
        ),
        (
            "satisfaction-parent",
            "Анкета для родителей",
            "satisfaction",
            "parent",
            None,
            "Расскажите, как ребёнку в программе наставничества. Ответы видит только куратор программы.",
            PARENT,
        ),
        (
            "curator",
            "Анкета куратора о паре",
            "curator",
            "curator",
            None,
            "Оцените работу пары или группы по тому, что вы видели за полугодие.",
            CURATOR,
        ),
    ]
    for form_code, items in GROWTH_MENTEE.items():
        adult = form_code == "teacher_teacher"
        scaled = [(key, "scale", text, GROWTH_HINT) for key, text in items]
        for purpose, word, intro, intro_adult in (
            ("entry", "в начале", ENTRY_INTRO, ENTRY_INTRO_ADULT),
            ("exit", "в конце", EXIT_INTRO, EXIT_INTRO_ADULT),
        ):
            questionnaires.append(
                (
                    f"{purpose}-mentee-{form_code.replace('_', '-')}",
                    f"Анкета наставляемого {word} программы ({FORM_TITLES[form_code]})",
                    purpose,
                    "mentee",
                    form_code,
                    intro_adult if adult else intro,
                    scaled,
                )
            )
    scaled = [(key, "scale", text, GROWTH_HINT) for key, text in GROWTH_MENTOR]
    for purpose, word, intro in (("entry", "в начале", ENTRY_INTRO_ADULT), ("exit", "в конце", EXIT_INTRO_ADULT)):
        questionnaires.append(
            (f"{purpose}-mentor", f"Анкета наставника {word} программы", purpose, "mentor", None, intro, scaled)
        )
    return questionnaires


def create_default_kit(apps, schema_editor):
    Questionnaire = apps.get_model("monitoring", "Questionnaire")
    Item = apps.get_model("monitoring", "Item")
    MentorshipForm = apps.get_model("mentorship", "MentorshipForm")
    forms = {f.code: f for f in MentorshipForm.objects.all()}
    for code, title, purpose, role, form_code, intro, items in kit():
        if form_code is not None and form_code not in forms:
            continue
        questionnaire, created = Questionnaire.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "purpose": purpose,
                "role": role,
                "form": forms.get(form_code) if form_code else None,
                "intro": intro,
                "builtin": True,
            },
        )
        if not created:
            continue  # the curators' adaptations stay
        Item.objects.bulk_create(
            Item(
                questionnaire=questionnaire,
                key=key,
                version=1,
                order=(index + 1) * 10,
                kind=kind,
                text=text,
                hint=hint,
                required=kind != "text",
            )
            for index, (key, kind, text, hint) in enumerate(items)
        )


def remove_default_kit(apps, schema_editor):
    Questionnaire = apps.get_model("monitoring", "Questionnaire")
    Questionnaire.objects.filter(builtin=True, responses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("mentorship", "0004_reference_data"),
    ]

    operations = [migrations.RunPython(create_default_kit, remove_default_kit)]
