import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from mentorship.models import Mentorship, Person, PlanItem
from tests.factories import StudentFactory, form

pytestmark = pytest.mark.django_db


def _entries(model, pk):
    return list(LogEntry.objects.get_for_object(model.objects.get(pk=pk)).order_by("timestamp", "pk"))


def test_a_scripted_curator_session_leaves_an_audit_entry_for_every_step(client_as, curator):
    client = client_as(curator)
    client.post(
        reverse("mentorship:student_create"),
        {"last_name": "Аудитова", "first_name": "Вера", "grade": 9, "class_letter": "А", "birth_date": "2010-01-01"},
    )
    student = Person.objects.get(last_name="Аудитова")
    client.post(
        reverse("mentorship:person_edit", args=[student.pk]),
        {
            "last_name": "Аудитова",
            "first_name": "Вера",
            "grade": 9,
            "class_letter": "А",
            "birth_date": "2010-01-01",
            "pd_consent_date": "2024-09-01",
            "publication_consent": "on",
        },
    )
    client.get(reverse("mentorship:person_detail", args=[student.pk]))
    mentor = StudentFactory(grade=11)
    client.post(
        reverse("mentorship:mentorship_create"),
        {
            "form": form("student_student").pk,
            "mentor": mentor.pk,
            "mentees": [student.pk],
            "start_date": "2024-09-02",
            "status": "active",
        },
    )
    mentorship = Mentorship.objects.get()
    plan = mentorship.plans.get()
    client.post(
        reverse("mentorship:plan_item_add", args=[mentorship.pk, plan.pk]), {"task": "Задача", "status": "planned"}
    )

    student_log = _entries(Person, student.pk)
    actions = [e.action for e in student_log]
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.ACCESS]
    assert all(e.actor == curator for e in student_log)
    consent_change = student_log[1].changes_dict
    assert "pd_consent_date" in consent_change and "publication_consent" in consent_change
    assert _entries(Mentorship, mentorship.pk)[0].action == LogEntry.Action.CREATE
    assert _entries(PlanItem, PlanItem.objects.get().pk)[0].actor == curator


def test_audit_log_is_read_by_admins_only_and_edited_by_nobody(client_as, admin_user_role, curator):
    StudentFactory()
    entry = LogEntry.objects.first()
    admin_client = client_as(admin_user_role)
    assert admin_client.get("/admin/auditlog/logentry/").status_code == 200
    assert admin_client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert client_as(curator).get("/admin/auditlog/logentry/").status_code == 302  # not staff: to admin login
