"""Every form that creates a record, as a test sends it: who sends it, where, what, and how to count the result.

Shared by the double-submission tests (tests/portal/test_submission.py, both databases) and the parallel
ones (tests/submissions/test_concurrency.py, PostgreSQL). `CREATE_VIEWS` is the list of URL names whose view must
be wrapped in `@once_per_submission`; a test checks that the list covers every create URL of the URL conf.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorship.models import (
    BestMentor,
    DestructionRecord,
    Meeting,
    Mentorship,
    Organization,
    Person,
    PlanItem,
)
from monitoring.models import Campaign, Item, Questionnaire, Response
from monitoring.selectors import RATING_KEYS
from public.models import Document, FeaturedMentor, NewsItem
from roadmap.models import Activity, Evidence, Occurrence, Programme, Section
from roster.models import RosterJob
from roster.services import roster_upload
from tests.factories import MentorshipFactory, OrganizationFactory, StudentFactory, TeacherFactory, form
from tests.roadmap import files

D = datetime.date


@dataclass
class CreateForm:
    user: object
    url: str
    data: Callable[[], dict]  # fresh each time: an uploaded file is read once
    count: Callable[[], int]


def _student(users):
    return CreateForm(
        users["curator"],
        reverse("mentorship:student_create"),
        lambda: {"last_name": "Ёлкина", "first_name": "Дарья", "grade": 6, "class_letter": "В"},
        lambda: Person.objects.filter(last_name="Ёлкина").count(),
    )


def _teacher(users):
    return CreateForm(
        users["curator"],
        reverse("mentorship:teacher_create"),
        lambda: {"last_name": "Учителева", "first_name": "Анна", "position": "учитель"},
        lambda: Person.objects.filter(last_name="Учителева").count(),
    )


def _external(users):
    organization = OrganizationFactory()
    return CreateForm(
        users["curator"],
        reverse("mentorship:external_create"),
        lambda: {"last_name": "Внешний", "first_name": "Пётр", "organization": organization.pk, "position": "инженер"},
        lambda: Person.objects.filter(last_name="Внешний").count(),
    )


def _organization(users):
    return CreateForm(
        users["curator"],
        reverse("mentorship:organization_create"),
        lambda: {"name": "ПАО Сбербанк", "inn": "", "kind": "enterprise", "territory": "elsewhere"},
        lambda: Organization.objects.filter(name="ПАО Сбербанк").count(),
    )


def _mentorship(users):
    mentor, mentee = StudentFactory(grade=10, birth_date=D(2008, 5, 1)), StudentFactory(grade=7)
    return CreateForm(
        users["curator"],
        reverse("mentorship:mentorship_create"),
        lambda: {
            "form": form("student_student").pk,
            "mentor": mentor.pk,
            "mentees": [mentee.pk],
            "start_date": "2024-09-02",
            "status": "draft",
            "goal": "Сдать ОГЭ",
        },
        lambda: Mentorship.objects.filter(mentor=mentor).count(),
    )


def _plan_item(users):
    mentorship = MentorshipFactory()
    plan = mentorship.plans.get()
    return CreateForm(
        users["curator"],
        reverse("mentorship:plan_item_add", args=[mentorship.pk, plan.pk]),
        lambda: {"task": "Решить 20 задач", "status": "planned"},
        lambda: PlanItem.objects.filter(plan=plan).count(),
    )


def _meeting(users):
    mentorship = MentorshipFactory()
    return CreateForm(
        users["curator"],
        reverse("mentorship:meeting_add", args=[mentorship.pk]),
        lambda: {"status": "held", "date": "2022-02-01", "format": "online", "topic": "Дроби", "notes": ""},
        lambda: Meeting.objects.filter(mentorship=mentorship).count(),
    )


def _feedback(users):
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED, end_date=D(2022, 5, 20))
    ratings = dict.fromkeys(RATING_KEYS, "8")
    return CreateForm(
        users["curator"],
        reverse("monitoring:feedback_add", args=[mentorship.pk]) + "?who=mentor",
        lambda: {**ratings, "would_continue": "yes", "would_become_mentor": "no", "valuable": "Доверие"},
        lambda: Response.objects.filter(mentorship=mentorship).count(),
    )


def _best_mentor_mark(users):
    mentor = MentorshipFactory().mentor  # mentors since 01.10.2021
    return CreateForm(
        users["curator"],
        reverse("mentorship:best_mentor_add"),
        lambda: {"year": 2022, "person": mentor.pk, "citation": "За помощь младшим"},
        lambda: BestMentor.objects.filter(person=mentor).count(),
    )


def _purge(users):
    child = StudentFactory()
    return CreateForm(
        users["admin"],
        reverse("mentorship:pd_withdraw", args=[child.pk]),
        lambda: {"withdrawn_on": "2024-11-01", "confirm": "on"},
        lambda: DestructionRecord.objects.filter(person=child).count(),
    )


CSV = "ID;ФИО;Дата рождения;Класс\r\nS00001;Ученикова Мария Ивановна;01.02.2012;7Б\r\n".encode()


def _roster_upload(users):
    return CreateForm(
        users["admin"],
        reverse("mentorship:import_journal"),
        lambda: {"kind": "students", "file": SimpleUploadedFile("list.csv", CSV), "sheet": ""},
        lambda: RosterJob.objects.filter(action=RosterJob.Action.IMPORT).count(),
    )


def _roster_confirm(users):
    job = roster_upload(user=users["admin"], kind="students", upload=SimpleUploadedFile("list.csv", CSV), sheet="")
    job.refresh_from_db()
    assert job.status == RosterJob.Status.PREVIEW, (job.message, job.errors)
    return CreateForm(
        users["admin"],
        reverse("mentorship:import_confirm", args=[job.pk]),
        lambda: {},
        lambda: Person.objects.filter(roster_id="S00001").count(),
    )


def _programme(users):
    return CreateForm(
        users["curator"],
        reverse("roadmap:programme_create"),
        lambda: {"title": "Дорожная карта наставничества на 2025–2030 годы", "start_year": 2025, "end_year": 2030},
        lambda: Programme.objects.filter(start_year=2025).count(),
    )


def _section(users):
    return CreateForm(
        users["curator"],
        reverse("roadmap:section_create"),
        lambda: {"number": "4.", "position": 4, "title": "Поддержка выпускников", "key_result": "Связь"},
        lambda: Section.objects.filter(number="4.").count(),
    )


def _activity(users):
    section = Section.objects.order_by("pk").first()
    return CreateForm(
        users["curator"],
        reverse("roadmap:activity_create"),
        lambda: {
            "section": section.pk,
            "number": "9.9",
            "position": 99,
            "title": "Встреча выпускников-наставников",
            "key_result": "Встреча проведена",
            "schedule_kind": "yearly_dates",
            "schedule_days": "15.05",
            "responsible": "Кураторы",
            "documents": "Протокол",
        },
        lambda: Activity.objects.filter(number="9.9").count(),
    )


def _evidence(users):
    occurrence = Occurrence.objects.order_by("pk").first()
    prefix = f"ev{occurrence.pk}"
    return CreateForm(
        users["curator"],
        reverse("roadmap:evidence_add", args=[occurrence.pk]),
        lambda: {f"{prefix}-url": "https://example.org/protocol", f"{prefix}-comment": "Протокол"},
        lambda: Evidence.objects.filter(occurrence=occurrence).count(),
    )


def _news(users):
    return CreateForm(
        users["curator"],
        reverse("public:item_add", args=["news"]),
        lambda: {"title": "День наставника", "date": "2024-10-05", "text": "Прошёл день.", "status": "draft"},
        lambda: NewsItem.objects.filter(title="День наставника").count(),
    )


def _document(users):
    return CreateForm(
        users["curator"],
        reverse("public:item_add", args=["documents"]),
        lambda: {
            "kind": "order",
            "title": "Приказ о наставничестве",
            "date": "2024-09-01",
            "file": SimpleUploadedFile("order.pdf", files.PDF),
            "status": "draft",
        },
        lambda: Document.objects.filter(title="Приказ о наставничестве").count(),
    )


def _best_mentor(users):
    teacher = TeacherFactory()
    return CreateForm(
        users["curator"],
        reverse("public:item_add", args=["mentors"]),
        lambda: {
            "role": "teacher",
            "person": teacher.pk,
            "name": "Анна Учителева",
            "role_text": "учитель физики",
            "order": 1,
            "status": "draft",
        },
        lambda: FeaturedMentor.objects.filter(name="Анна Учителева").count(),
    )


def _questionnaire(users):
    return CreateForm(
        users["curator"],
        reverse("monitoring:questionnaire_create"),
        lambda: {"title": "Анкета о кружках", "purpose": "satisfaction", "role": "mentee", "is_active": "on"},
        lambda: Questionnaire.objects.filter(title="Анкета о кружках").count(),
    )


def _question(users):
    questionnaire = Questionnaire.objects.get(code="curator")
    return CreateForm(
        users["curator"],
        reverse("monitoring:item_add", args=[questionnaire.pk]),
        lambda: {"kind": "yes_no", "text": "Пара готова к завершению?", "required": "on"},
        lambda: Item.objects.filter(questionnaire=questionnaire, text="Пара готова к завершению?").count(),
    )


def _campaign(users):
    today = datetime.date.today()
    MentorshipFactory(start_date=today - datetime.timedelta(days=30), status="active")  # a pair to ask
    return CreateForm(
        users["curator"],
        reverse("monitoring:campaign_create"),
        lambda: {
            "title": "Опрос для проверки",
            "purpose": "satisfaction",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
            "status": "active",
        },
        lambda: Campaign.objects.filter(title="Опрос для проверки").count(),
    )


def _hub_campaign(users):
    from hub.models import Campaign as HubCampaign

    return CreateForm(
        users["admin"],
        reverse("hub:campaign_create"),
        lambda: {
            "monitoring_date": "2026-12-20",
            "title": "Сбор для проверки",
            "opens_on": "2026-12-01",
            "deadline": "2026-12-25",
            "closes_on": "2027-01-31",
        },
        lambda: HubCampaign.objects.filter(title="Сбор для проверки").count(),
    )


# URL name → how to send its form. Every URL that creates a record is here.
def _matching_session(users):
    from matching.engine import default_weights
    from matching.models import MatchingSession

    return CreateForm(
        users["curator"],
        reverse("matching:session_create"),
        lambda: {
            "title": "Подбор пар",
            "form": form("student_student").pk,
            "start_date": "2024-10-01",
            "objective": "coverage",
            "min_score": "0",
            "seed": "0",
            **{f"weight_{code}": weight for code, weight in default_weights().items()},
        },
        lambda: MatchingSession.objects.filter(title="Подбор пар").count(),
    )


CREATE_FORMS = {
    "mentorship:student_create": _student,
    "mentorship:teacher_create": _teacher,
    "mentorship:external_create": _external,
    "mentorship:organization_create": _organization,
    "mentorship:mentorship_create": _mentorship,
    "mentorship:plan_item_add": _plan_item,
    "mentorship:meeting_add": _meeting,
    "mentorship:best_mentor_add": _best_mentor_mark,
    "mentorship:pd_withdraw": _purge,
    "mentorship:import_journal": _roster_upload,
    "mentorship:import_confirm": _roster_confirm,
    "roadmap:programme_create": _programme,
    "roadmap:section_create": _section,
    "roadmap:activity_create": _activity,
    "roadmap:evidence_add": _evidence,
    "public:item_add:news": _news,
    "public:item_add:documents": _document,
    "public:item_add:mentors": _best_mentor,
    "monitoring:questionnaire_create": _questionnaire,
    "monitoring:item_add": _question,
    "monitoring:feedback_add": _feedback,
    "matching:session_create": _matching_session,
    "monitoring:campaign_create": _campaign,
    "hub:campaign_create": _hub_campaign,
}
