"""Consent lifecycle: withdrawal of publication, and the purge that leaves no trace of the name."""

import datetime

import pytest
from django.urls import reverse

from mentorship.models import DestructionRecord, Meeting, MenteeCategory, Mentorship, Person, PlanItem
from monitoring.models import Answer, Response
from tests.factories import MentorshipFactory, StudentFactory
from tests.mentorship.test_purge_everywhere import _files_text, _tables_text
from tests.reports.factories import feedback

pytestmark = pytest.mark.django_db

SURNAME, NAME, PATRONYMIC = "Зеленоглазова", "Снежана", "Аркадьевна"


@pytest.fixture
def child(client_as, curator):
    """A student entered through the pages (so the audit log holds her name), in a pair and a group."""
    client = client_as(curator)
    client.post(
        reverse("mentorship:student_create"),
        {
            "last_name": SURNAME,
            "first_name": NAME,
            "patronymic": PATRONYMIC,
            "birth_date": "2011-03-08",
            "grade": 8,
            "class_letter": "Б",
            "roster_id": "ZS-2011",
            "categories": [MenteeCategory.objects.get(code="difficult_life").pk],
            "pd_consent_date": "2023-09-01",
            "publication_consent": "on",
        },
    )
    student = Person.objects.get(last_name=SURNAME)
    client.get(reverse("mentorship:person_detail", args=[student.pk]))
    pair = MentorshipFactory(mentees=[student], request=f"{NAME} {SURNAME} просит помочь с алгеброй", goal="ОГЭ")
    group = MentorshipFactory(mentees=[student, StudentFactory(last_name="Соседова")], goal="Проект")
    plan = pair.plans.get(mentee=student)
    plan.goal = f"Поддержать {SURNAME} {NAME[0]}.{PATRONYMIC[0]}."
    plan.save()
    PlanItem.objects.create(plan=plan, task="Решить задачи", result=f"{NAME} справилась")
    Meeting.objects.create(
        mentorship=group, date=datetime.date(2023, 10, 1), topic="Знакомство", notes=f"{SURNAME} опоздала"
    )
    pair.status, pair.end_date = Mentorship.Status.COMPLETED, datetime.date(2024, 5, 1)
    pair.save()
    feedback(pair, "mentee", mentee=student, value=9, valuable=f"Мне, {NAME}, всё понравилось")
    feedback(pair, "mentor", value=7)
    client.post(
        reverse("mentorship:mentorship_edit", args=[group.pk]),
        {
            "form": group.form_id,
            "mentor": group.mentor_id,
            "mentees": [p.pk for p in group.mentees.all()],
            "start_date": "2021-10-01",
            "status": "active",
            "goal": f"Включить {SURNAME} в проект",
            "version": group.version,
        },
    )
    return student


def test_the_purge_leaves_no_trace_of_the_name_in_any_table_or_file(client_as, admin_user_role, child, settings):
    assert SURNAME in _tables_text()  # the set-up really spread the name around
    response = client_as(admin_user_role).post(
        reverse("mentorship:pd_withdraw", args=[child.pk]),
        {"withdrawn_on": "2024-11-01", "reason": "Заявление родителя № 15", "confirm": "on"},
    )
    assert response.status_code == 302
    text = _tables_text() + _files_text(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    for trace in (SURNAME, f"{NAME} {SURNAME}", "ZS-2011", "2011-03-08", "08.03.2011"):
        assert text.count(trace) == 0, trace
    record = DestructionRecord.objects.get()
    assert record.performed_by == admin_user_role
    act = _files_text(settings.PRIVATE_MEDIA_ROOT)
    assert f"№ {record.pk}" in act and "152-ФЗ" in act


def test_the_purge_keeps_the_anonymous_counts(client_as, admin_user_role, child):
    before = {
        "mentorships": Mentorship.objects.filter(mentees=child).count(),
        "items": PlanItem.objects.filter(plan__mentee=child).count(),
    }
    client_as(admin_user_role).post(
        reverse("mentorship:pd_withdraw", args=[child.pk]), {"withdrawn_on": "2024-11-01", "confirm": "on"}
    )
    child.refresh_from_db()
    assert child.purged_at is not None and child.categories.count() == 0 and child.birth_date is None
    assert Mentorship.objects.filter(mentees=child).count() == before["mentorships"]
    assert PlanItem.objects.filter(plan__mentee=child).count() == before["items"]
    # Her questionnaire answers go with her (monitoring/purge.py); the mentor's answers on the pair stay.
    assert not Response.objects.filter(person=child).exists()
    assert list(Answer.objects.filter(item__key="actual_effectiveness").values_list("number", flat=True)) == [7]
    assert Person.objects.filter(last_name="Соседова").exists()


def test_only_admins_destroy_personal_data(client_as, curator, director, child):
    url = reverse("mentorship:pd_withdraw", args=[child.pk])
    assert client_as(curator).post(url, {"withdrawn_on": "2024-11-01", "confirm": "on"}).status_code == 403
    assert client_as(director).get(url).status_code == 403
    child.refresh_from_db()
    assert child.last_name == SURNAME


def test_purge_needs_an_explicit_confirmation(client_as, admin_user_role, child):
    response = client_as(admin_user_role).post(
        reverse("mentorship:pd_withdraw", args=[child.pk]), {"withdrawn_on": "2024-11-01"}
    )
    assert response.status_code == 200 and "Обязательное поле." in response.content.decode()
    assert not DestructionRecord.objects.exists()


def test_withdrawing_consent_to_publication(client_as, curator, child):
    client_as(curator).post(reverse("mentorship:publication_withdraw", args=[child.pk]))
    child.refresh_from_db()
    assert child.publication_consent is False and child.publication_consent_date is None


def test_export_holds_everything_about_the_student_and_is_logged(client_as, admin_user_role, curator, child):
    from auditlog.models import LogEntry

    response = client_as(admin_user_role).get(reverse("mentorship:person_export", args=[child.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{child.pk}.json"'
    data = response.json()
    assert data["person"]["last_name"] == SURNAME
    assert data["person"]["categories"] == ["попавшие в трудную жизненную ситуацию"]
    assert len(data["mentorships"]) == 2 and data["plans"][0]["items"][0]["result"] == f"{NAME} справилась"
    answers = {a["question"]: a["answer"] for a in data["questionnaires"][0]["answers"]}
    assert answers["Что было самым полезным?"].startswith("Мне")
    assert data["audit_log"]
    accesses = LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.ACCESS, actor=admin_user_role)
    assert accesses.count() == 1
    assert client_as(curator).get(reverse("mentorship:person_export", args=[child.pk])).status_code == 403
