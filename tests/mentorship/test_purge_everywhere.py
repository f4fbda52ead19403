"""The purge reaches every app: a child touched by every model and file type, then nothing of her is left.

The model inventory test fails as soon as a model holding a relation to a person or a text appears
without a purge decision, so the next place cannot be forgotten silently.
"""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from config import purge as purge_registry
from indicators.models import Indicator, Snapshot
from mentorship import purge
from mentorship.models import (
    BestMentor,
    DestructionRecord,
    Meeting,
    MenteeCategory,
    Mentorship,
    Organization,
    Person,
    PlanItem,
)
from mentorship.names import name_forms
from public import services as public_services
from public.models import FeaturedMentor, NewsItem, Status
from reports.models import AnalyticSummary
from reports.services import summary_approve, summary_generate, summary_notes_save, summary_request
from roadmap.services import evidence_add_file
from roster.models import RosterJob
from roster.services import roster_upload
from tests.factories import MentorshipFactory, StudentFactory, UserFactory
from tests.public.factories import PDF_BYTES, png_upload
from tests.reports.factories import feedback, pdf_text
from tests.roadmap.factories import OccurrenceFactory
from tests.roster.files import STUDENT_HEADER, students, xlsx_bytes

pytestmark = pytest.mark.django_db

SURNAME, NAME, PATRONYMIC = "Зеленоглазова", "Снежана", "Аркадьевна"
ROSTER_ID, BIRTH = "ZS-2011", datetime.date(2011, 3, 8)
D = datetime.date(2024, 12, 20)

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def undecided_models(decisions):
    """Models that may hold a person's data (a relation to a person or a free text) without a decision."""
    missing = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        relevant = any(
            (field.is_relation and field.related_model in (Person, apps.get_model("auth", "User")))
            or (isinstance(field, TEXT_FIELDS) and not field.choices)
            for field in model._meta.get_fields()
            if getattr(field, "concrete", False) or field.many_to_many
        )
        if relevant and model._meta.label not in decisions:
            missing.append(model._meta.label)
    return sorted(missing)


def test_every_model_that_can_hold_a_persons_data_has_a_purge_decision():
    decisions = purge_registry.purge_decisions()
    assert undecided_models(decisions) == []
    known = {model._meta.label for model in apps.get_models()}
    assert sorted(set(decisions) - known) == []  # no decision for a model that no longer exists


def test_the_inventory_catches_a_model_without_a_decision():
    decisions = purge_registry.purge_decisions()
    decisions.pop("public.NewsItem")
    decisions.pop("roadmap.Evidence")
    assert undecided_models(decisions) == ["public.NewsItem", "roadmap.Evidence"]


def test_every_app_with_data_registers_its_part_when_it_is_ready():
    apps_with_models = {
        "mentorship", "roster", "public", "roadmap", "reports", "indicators", "submissions", "joining", "feeds",
    }  # fmt: skip
    assert {participant.app_label for participant in purge_registry.participants()} >= apps_with_models


def _folded(text):
    return text.lower().replace("ё", "е")


def _tables_text():
    chunks = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        rows = model.objects.all()
        chunks.append(serializers.serialize("json", rows, ensure_ascii=False))
        chunks.append(serializers.serialize("json", rows))  # \u-escaped as some columns store it
    return "\n".join(chunks)


def _file_text(path):
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        try:
            document = pypdfium2.PdfDocument(io.BytesIO(data))
        except pypdfium2.PdfiumError:  # a stub PDF of the tests: its bytes are its text
            return data.decode("latin-1")
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist())
    return data.decode("utf-8", "ignore")


def _files_text(*roots):
    chunks = []
    for root in roots:
        if root.exists():
            for path in root.rglob("*"):
                chunks.append(str(path.relative_to(root)))
                if path.is_file():
                    chunks.append(_file_text(path))
    return "\n".join(chunks)


def _traces():
    forms = name_forms(SURNAME, NAME, PATRONYMIC)
    traces = {"зеленоглазов", "zelenoglazov", ROSTER_ID.lower(), BIRTH.isoformat(), f"{BIRTH:%d.%m.%Y}"}
    for first in forms.first_names:
        for last in forms.surnames:
            traces |= {_folded(f"{first} {last}"), _folded(f"{last} {first}")}
    return traces


def _found(text):
    folded = _folded(text)
    return {trace: folded.count(trace) for trace in _traces() if folded.count(trace)}


def _escaped_found(text):
    """The traces as JSON \\u-escapes (serialised with ensure_ascii) in the same text."""
    found = {}
    for trace in _traces():
        for variant in {trace, trace.capitalize(), trace.title()}:
            escaped = json.dumps(variant)[1:-1]
            if escaped != variant and escaped in text:
                found[variant] = text.count(escaped)
    return found


@pytest.fixture
def child_everywhere(client_as, curator, admin_user_role, django_capture_on_commit_callbacks, tmp_path):
    """A student in every app: registry, account, roster import, public page, roadmap, summary, indicators,
    the audit history and the Django admin's «recent actions»."""
    client = client_as(curator)
    client.post(
        reverse("mentorship:student_create"),
        {
            "last_name": SURNAME,
            "first_name": NAME,
            "patronymic": PATRONYMIC,
            "birth_date": BIRTH.isoformat(),
            "grade": 8,
            "class_letter": "Б",
            "roster_id": ROSTER_ID,
            "categories": [MenteeCategory.objects.get(code="difficult_life").pk],
            "pd_consent_date": "2023-09-01",
            "publication_consent": "on",
            "publication_consent_date": "2023-09-01",
        },
    )
    child = Person.objects.get(last_name=SURNAME)
    client.get(reverse("mentorship:person_detail", args=[child.pk]))
    # Her portal account (a student mentor), a session and a failed login.
    account = UserFactory(username="snezhana.z", first_name=NAME, last_name=SURNAME, email="zelenoglazova@example.org")
    Person.objects.filter(pk=child.pk).update(user=account)
    client_as(account)
    AccessAttempt.objects.create(username="snezhana.z", ip_address="127.0.0.1", failures_since_start=1)
    # The registry: a pair, a group, a plan, items, meetings, feedback, an award, an organisation's contacts.
    pair = MentorshipFactory(mentees=[child], request=f"{NAME} {SURNAME} просит помочь с алгеброй", goal="ОГЭ")
    group = MentorshipFactory(mentees=[child, StudentFactory(last_name="Соседова")], goal=f"Включить {SURNAME}")
    other = MentorshipFactory(goal="Проект")
    plan = pair.plans.get(mentee=child)
    plan.goal = f"Поддержать {SURNAME} {NAME[0]}.{PATRONYMIC[0]}."
    plan.save()
    PlanItem.objects.create(plan=plan, task="Решить задачи", result=f"{NAME} справилась")
    Meeting.objects.create(
        mentorship=group, date=datetime.date(2023, 10, 1), topic="Знакомство", notes=f"{NAME} молодец"
    )
    Meeting.objects.create(
        mentorship=other, date=datetime.date(2023, 10, 2), topic=f"Помощь {NAME[0]}. А. Зеленоглазовой", notes=""
    )
    feedback(pair, "mentee", mentee=child, value=9, valuable=f"Мне, {NAME}, всё понравилось")
    BestMentor.objects.create(person=child, year=2024, citation=f"{NAME} помогала младшим")
    organisation = Organization.objects.create(
        name="Кванториум", territory="town", contacts="Мама: Зеленоглазовой Снежане звонить"
    )
    organisation.contacts = "Пропуск для Снежаны Зеленоглазовой"
    organisation.save()
    # The Django admin's «recent actions».
    AdminLogEntry.objects.create(
        user=admin_user_role,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(child.pk),
        object_repr=str(child),
        action_flag=CHANGE,
        change_message="[]",
    )
    AdminLogEntry.objects.create(
        user=admin_user_role,
        content_type=ContentType.objects.get_for_model(Mentorship),
        object_id=str(pair.pk),
        object_repr=f"Пара: {SURNAME} {NAME}",
        action_flag=CHANGE,
        change_message="[]",
    )
    # A roster import waiting for confirmation: her row in the preview, her name in the file name.
    workbook = xlsx_bytes(
        [STUDENT_HEADER, [ROSTER_ID, f"{SURNAME} {NAME} {PATRONYMIC}", "08.03.2011", "8Б"], *students(2)]
    )
    job = roster_upload(
        user=admin_user_role,
        kind="students",
        upload=SimpleUploadedFile(f"{SURNAME}_{NAME}_8Б.xlsx", workbook),
    )
    job.refresh_from_db()
    assert job.status == RosterJob.Status.PREVIEW and job.stored_file
    # The public page: her entry with a photo, published with the consent; a news draft naming her.
    entry = FeaturedMentor(
        role="student",
        person=child,
        name=f"{NAME} {SURNAME}",
        role_text="ученица 8 класса",
        words=f"{NAME} помогает пятиклассникам",
        photo=png_upload("zelenoglazova.png"),
        status=Status.PUBLISHED,
    )
    public_services.item_save(item=entry, user=curator)
    public_services.item_save(
        item=NewsItem(
            title=f"Победа {NAME[0]}. {SURNAME}",
            date=D,
            text="Поздравляем Снежану Зеленоглазову!",
            status=Status.DRAFT,
        ),
        user=curator,
    )
    # The roadmap: evidence named after her, with her name in the comment; an occurrence's note.
    occurrence = OccurrenceFactory(note=f"Выступила {SURNAME} С. А.")
    evidence_add_file(
        occurrence=occurrence,
        uploaded_file=SimpleUploadedFile(f"Грамота {SURNAME} {NAME}.pdf", PDF_BYTES),
        comment="Грамота Снежаны Зеленоглазовой",
        user=curator,
    )
    # Indicators: a note on a snapshot.
    Snapshot.objects.create(indicator=Indicator.objects.first(), as_of=D, note=f"Учтена {NAME} {SURNAME}")
    # A generated and approved summary naming her (best mentor of 2024, the curator's conclusions).
    summary_notes_save(as_of=D, conclusions=f"Отметить {SURNAME} Снежану", decisions="Продолжить", user=curator)
    summary, _queued = summary_request(as_of=D, enqueue=False)
    summary = summary_generate(summary_id=summary.pk)
    assert summary.status == AnalyticSummary.Status.DONE
    summary_approve(summary=summary, user=UserFactory())
    # Applications to join: the one accepted into her record and one more she sent later (joining/).
    from joining.services import application_accept, application_submit

    for _n in range(2):
        application = application_submit(
            data={"wish": "mentee", "kind": "student", "last_name": SURNAME, "first_name": NAME,
                  "patronymic": PATRONYMIC, "birth_date": BIRTH, "grade": 8, "class_letter": "Б",
                  "parent_name": f"{SURNAME}а Ирина", "parent_contact": "+7 900 111-22-33", "parent_consent": True,
                  "email": "zelenoglazov@example.ru", "request": f"Хочет {NAME} {SURNAME}"}
        )  # fmt: skip
    application_accept(application_id=application.pk, user=curator, person=child, consent_confirmed=True)
    child.refresh_from_db()
    return child


def _purge(client, child, reason="Заявление родителя № 15 от 01.11.2024"):
    return client.post(
        reverse("mentorship:pd_withdraw", args=[child.pk]),
        {"withdrawn_on": "2024-11-01", "reason": reason, "confirm": "on"},
    )


def test_after_the_purge_nothing_of_her_is_left_in_any_table_or_file(
    client_as, admin_user_role, child_everywhere, settings, django_capture_on_commit_callbacks
):
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    before = _tables_text() + _files_text(*roots)
    assert len(_found(before)) > 5  # the set-up really spread her data around
    plans = list(settings.PRIVATE_MEDIA_ROOT.rglob("*.plan.json"))
    assert len(plans) == 1  # the preview's plan (what the confirm would write), next to her uploaded file
    summary_pdf = Path(AnalyticSummary.objects.get().pdf.path)
    assert SURNAME in pdf_text(summary_pdf.read_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        response = _purge(client_as(admin_user_role), child_everywhere)
    assert response.status_code == 302

    tables, files = _tables_text(), _files_text(*roots)
    assert _found(tables) == {}
    assert _escaped_found(tables) == {}
    assert _found(files) == {}
    # Her public photo is gone from the disk, the entry is a draft without a name.
    entry = FeaturedMentor.objects.get(person=child_everywhere)
    assert entry.status == Status.DRAFT and not entry.photo and entry.name == "[обезличено]"
    assert not any(p.suffix == ".png" for p in settings.PRIVATE_MEDIA_ROOT.rglob("*"))
    # The summary was re-rendered, keeps its approval and says it was re-issued.
    summary = AnalyticSummary.objects.get()
    assert summary.status == AnalyticSummary.Status.DONE and summary.is_approved and summary.reissued_at
    text = pdf_text(Path(summary.pdf.path).read_bytes())
    assert "Переиздана" in text and "152-ФЗ" in text
    # The roster job keeps its counts, not her row or her file.
    job = RosterJob.objects.get()
    assert job.preview == [] and job.stored_file == "" and job.file_name == "[обезличено]_8Б.xlsx"
    assert not plans[0].exists()
    # Her account cannot log in and has no lockout record.
    assert not AccessAttempt.objects.exists()
    account = apps.get_model("auth", "User").objects.get(username__startswith="obezlicheno-")
    assert not account.is_active and not account.has_usable_password()
    record = DestructionRecord.objects.get()
    assert record.places == []  # every mention was a full one: nothing left to decide
    assert record.destroyed["summaries_reissued"] == 1 and record.destroyed["public_entries_anonymised"] == 1


def test_her_sessions_are_ended(client_as, admin_user_role, child_everywhere, django_capture_on_commit_callbacks):
    account = child_everywhere.user
    sessions = [s for s in Session.objects.all() if str(s.get_decoded().get("_auth_user_id")) == str(account.pk)]
    assert sessions
    with django_capture_on_commit_callbacks(execute=True):
        _purge(client_as(admin_user_role), child_everywhere)
    assert not Session.objects.filter(pk__in=[s.pk for s in sessions]).exists()


def test_the_surname_alone_is_listed_on_the_act_page_with_a_link_until_someone_changes_it(
    client_as, admin_user_role, curator, django_capture_on_commit_callbacks
):
    child = StudentFactory(last_name=SURNAME, first_name=NAME, patronymic=PATRONYMIC)
    news = public_services.item_save(
        item=NewsItem(title="Итоги олимпиады", date=D, text="Призёры: Зеленоглазова, Петров.", status=Status.DRAFT),
        user=curator,
    )
    client = client_as(admin_user_role)
    with django_capture_on_commit_callbacks(execute=True):
        response = _purge(client, child)
    record = DestructionRecord.objects.get()
    assert response["Location"] == reverse("mentorship:destruction_detail", args=[record.pk])
    assert [(p["model"], p["pk"], p["field"]) for p in record.places] == [("public.NewsItem", news.pk, "text")]
    assert SURNAME not in json.dumps(record.places, ensure_ascii=False)  # the act stores where, not what
    page = client.get(response["Location"]).content.decode()
    assert reverse("public:item_edit", args=["news", news.pk]) in page and "<mark>Зеленоглазова</mark>" in page
    assert "Осталось проверить: 1 место." in page
    listing = client.get(reverse("mentorship:destruction_list")).content.decode()
    assert reverse("mentorship:destruction_detail", args=[record.pk]) in listing
    NewsItem.objects.filter(pk=news.pk).update(text="Призёры: Петров.")
    page = client.get(response["Location"]).content.decode()
    assert "<mark>" not in page and "изменено после обезличивания" in page and "Осталось проверить: 0 мест." in page


def test_the_act_page_shows_the_places_to_those_who_purge_only(client, client_as, curator, admin_user_role):
    record = DestructionRecord.objects.create(person=StudentFactory(), consent_withdrawn_on=D)
    url = reverse("mentorship:destruction_detail", args=[record.pk])
    assert client.get(url).status_code == 302
    record.places = [{"model": "public.NewsItem", "pk": 1, "field": "text", "place": "Новость № 1", "url": "/"}]
    record.save()
    page = client_as(curator).get(url).content.decode()  # curators read the acts, not the places
    assert "Акт об уничтожении" in page and "Новость № 1" not in page
    assert "Новость № 1" in client_as(admin_user_role).get(url).content.decode()


@pytest.mark.parametrize(
    "reason", ["Заявление Зеленоглазовой С. А.", "заявление зеленоглазовой", "Снежана Аркадьевна просит", "ZS-2011"]
)
def test_the_acts_grounds_refuse_the_students_name_in_any_case(client_as, admin_user_role, reason):
    child = StudentFactory(last_name=SURNAME, first_name=NAME, patronymic=PATRONYMIC, roster_id=ROSTER_ID)
    response = _purge(client_as(admin_user_role), child, reason=reason)
    assert response.status_code == 200
    assert "не должно называть обучающегося" in response.content.decode()
    child.refresh_from_db()
    assert child.last_name == SURNAME and not DestructionRecord.objects.exists()


def test_a_failing_part_rolls_the_whole_purge_back_and_keeps_the_files(
    client_as, admin_user_role, curator, monkeypatch, settings, django_capture_on_commit_callbacks
):
    child = StudentFactory(last_name=SURNAME, first_name=NAME, publication_consent=True)
    entry = public_services.item_save(
        item=FeaturedMentor(
            role="student",
            person=child,
            name=f"{NAME} {SURNAME}",
            role_text="ученица",
            photo=png_upload(),
            status=Status.PUBLISHED,
        ),
        user=curator,
    )
    photo = Path(entry.photo.path)

    def boom(ctx):
        raise RuntimeError("a participant failed")

    monkeypatch.setitem(purge_registry._participants, "zz-failing", purge_registry.Participant("zz-failing", boom, {}))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        purge.student_purge(person=child, withdrawn_on=D, user=admin_user_role)
    child.refresh_from_db()
    entry.refresh_from_db()
    assert child.last_name == SURNAME and entry.name == f"{NAME} {SURNAME}" and entry.photo
    assert photo.read_bytes()  # the file was not deleted


def test_an_unconfirmed_preview_expires_with_its_file(admin_user_role, settings, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC))
    job = roster_upload(
        user=admin_user_role,
        kind="students",
        upload=SimpleUploadedFile("list.xlsx", xlsx_bytes([STUDENT_HEADER, *students(2)])),
    )
    job.refresh_from_db()
    stored = settings.PRIVATE_MEDIA_ROOT / job.stored_file
    assert job.status == RosterJob.Status.PREVIEW and stored.exists()
    from roster.services import roster_previews_expire

    time_machine.move_to(datetime.datetime(2026, 3, 7, 10, tzinfo=datetime.UTC))
    assert roster_previews_expire() == 0
    time_machine.move_to(datetime.datetime(2026, 3, 8, 11, tzinfo=datetime.UTC))
    assert roster_previews_expire() == 1
    job.refresh_from_db()
    assert job.status == RosterJob.Status.CANCELLED and job.preview == [] and not job.stored_file
    assert not stored.exists() and "7" in job.message
