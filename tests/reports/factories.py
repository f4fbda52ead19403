"""A small registry with something in every section of the December 2024 summary, and PDF helpers."""

import datetime
import subprocess
from dataclasses import dataclass

import pypdfium2

from mentorship.models import BestMentor, Mentorship, MentorshipForm, PlanItem, RoleModel
from monitoring.models import Questionnaire
from monitoring.selectors import RATING_KEYS
from monitoring.services import response_submit
from tests.factories import ExternalMentorFactory, MentorshipFactory, StudentFactory, TeacherFactory, category, form

D = datetime.date(2024, 12, 20)
JUNE = datetime.date(2024, 6, 20)


def pdf_pages(data):
    """The text of each page of a PDF (bytes), extracted with pypdfium2."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdf_text(data):
    return "\n".join(pdf_pages(data))


def normalised(text):
    """pdfium breaks lines (and hyphenates) where the layout does: compare texts without the breaks."""
    return " ".join(text.replace("\r", " ").replace("\u00ad", "").replace("\xa0", " ").split())


def pdf_fonts(path):
    """Font names listed by poppler's pdffonts."""
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in output.splitlines()[2:] if line.strip()]


def feedback(mentorship, role, mentee=None, value=8, **kwargs):
    """A participant's satisfaction questionnaire (the former feedback): every rating `value`."""
    answers = {**dict.fromkeys(RATING_KEYS, value), "would_continue": False, "would_become_mentor": False, **kwargs}
    return response_submit(
        questionnaire=Questionnaire.objects.get(code=f"satisfaction-{role}"),
        role=role,
        answers=answers,
        channel="paper",
        person=mentee if role == "mentee" else mentorship.mentor,
        mentorship=mentorship,
    )


@dataclass
class Scenario:
    student_pair: Mentorship
    teacher_pair: Mentorship
    terminated: Mentorship
    external: Mentorship
    best: BestMentor


def december_scenario():
    """Mentorships of the second half of 2024: one active student pair with a plan, a completed
    teacher pair with feedback, one terminated early and one of an employer; a best mentor of 2024."""
    ss = form(MentorshipForm.Code.STUDENT_STUDENT)
    tt = form(MentorshipForm.Code.TEACHER_TEACHER)
    es = form(MentorshipForm.Code.EMPLOYER_STUDENT)
    mentee = StudentFactory(
        last_name="Подопечная",
        first_name="Алиса",
        birth_date=datetime.date(2012, 4, 1),
        categories=[category("outstanding")],
    )
    student_pair = MentorshipFactory(
        form=ss,
        role_model=RoleModel.objects.filter(form=ss).first(),
        mentor=StudentFactory(last_name="Старшеклассников", grade=10, birth_date=datetime.date(2008, 1, 10)),
        mentees=[mentee],
        start_date=datetime.date(2024, 9, 2),
        goal="Подготовка к олимпиаде по математике",
    )
    plan = student_pair.plans.get()
    PlanItem.objects.create(
        plan=plan, task="Разобрать задачи муниципального этапа", status=PlanItem.Status.DONE, order=1
    )
    PlanItem.objects.create(
        plan=plan, task="Решить вариант регионального этапа", deadline=datetime.date(2024, 12, 1), order=2
    )
    young = TeacherFactory(
        last_name="Молодцова", career_start=datetime.date(2023, 9, 1), date_joined=datetime.date(2023, 9, 1)
    )
    teacher_mentor = TeacherFactory(last_name="Наставникова", first_name="Ирина", patronymic="Сергеевна")
    teacher_pair = MentorshipFactory(
        form=tt,
        role_model=RoleModel.objects.filter(form=tt).first(),
        mentor=teacher_mentor,
        mentees=[young],
        start_date=datetime.date(2024, 2, 1),
        end_date=datetime.date(2024, 11, 29),
        status=Mentorship.Status.COMPLETED,
    )
    feedback(teacher_pair, "mentor", value=9, valuable="Открытые уроки")
    feedback(teacher_pair, "mentee", mentee=young, value=6, would_continue=True)
    terminated = MentorshipFactory(
        form=ss,
        mentor=StudentFactory(last_name="Уехавший", grade=10, birth_date=datetime.date(2008, 5, 5)),
        start_date=datetime.date(2024, 9, 10),
        end_date=datetime.date(2024, 10, 15),
        status=Mentorship.Status.TERMINATED,
        termination_reason="Переезд семьи в другой город",
    )
    external = MentorshipFactory(
        form=es,
        mentor=ExternalMentorFactory(last_name="Инженеров", organization__name="ООО «Вятский завод»"),
        start_date=datetime.date(2024, 7, 1),
    )
    best = BestMentor.objects.create(person=teacher_mentor, year=2024, citation="За поддержку молодых педагогов")
    return Scenario(student_pair, teacher_pair, terminated, external, best)


def pdftotext_pages(path):
    """The text of each page of a PDF file as poppler's `pdftotext -layout` lays it out (pages split on \\f)."""
    output = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = output.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


CONCLUSION = (
    "Программа наставничества в отчётном периоде выполнялась по дорожной карте: пары сформированы в срок, "
    "индивидуальные планы ведутся, встречи проходят не реже двух раз в месяц, отзывы собраны по всем "
    "завершённым наставничествам."
)
DECISION = (
    "Закрепить за каждой парой ответственного куратора, провести методическое объединение наставников, "
    "подготовить публикацию лучших практик на сайте лицея и обновить приказ о закреплении пар."
)


def long_scenario():
    """The December 2024 registry and enough more for a summary of five pages or more: forty early
    terminations with their reasons, six best mentors and several paragraphs of conclusions and decisions."""
    scenario = december_scenario()
    ss = form(MentorshipForm.Code.STUDENT_STUDENT)
    for i in range(40):
        MentorshipFactory(
            form=ss,
            mentor=StudentFactory(grade=10, birth_date=datetime.date(2008, 1, 10)),
            start_date=datetime.date(2024, 7, 1),
            end_date=datetime.date(2024, 9, 1) + datetime.timedelta(days=i),
            status=Mentorship.Status.TERMINATED,
            termination_reason=f"Причина номер {i}: смена школы или расписания занятий",
        )
    for i in range(5):
        BestMentor.objects.create(
            person=TeacherFactory(position="учитель математики"), year=2024, citation=f"За наставничество {i}"
        )
    conclusions = "\n\n".join(f"{n}. {CONCLUSION}" for n in range(1, 5))
    decisions = "\n\n".join(f"{n}. {DECISION}" for n in range(1, 4))
    return scenario, conclusions, decisions
