"""The text policy in the registry's forms, plain forms, services and the Django admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorship.models import Mentorship, Organization, Person, PlanItem
from mentorship.services import plan_item_save
from tests.factories import MentorshipFactory, PlanItemFactory, StudentFactory

pytestmark = pytest.mark.django_db

BAD = pytest.mark.parametrize(
    ("char", "words"),
    [
        ("\x1b", "управляющий символ (U+001B)"),
        ("\u202e", "невидимый знак направления письма (U+202E)"),
        ("\u200b", "невидимый символ нулевой ширины (U+200B)"),
    ],
    ids=["escape", "rtl-override", "zero-width-space"],
)


@BAD
def test_the_student_form_refuses_the_character_in_a_name(client_as, curator, char, words):
    response = client_as(curator).post(
        reverse("mentorship:student_create"),
        {"last_name": f"Ив{char}анова", "first_name": "Мария", "grade": 7, "class_letter": "Б"},
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Person.objects.exists()


@BAD
def test_the_organisation_form_refuses_the_character_in_contacts(client_as, curator, char, words):
    response = client_as(curator).post(
        reverse("mentorship:organization_create"),
        {"name": "ООО Ромашка", "kind": "enterprise", "territory": "town", "contacts": f"тел.{char} 123"},
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Organization.objects.exists()


@BAD
def test_the_admin_refuses_the_character_in_an_organisation_name(client_as, admin_user_role, char, words):
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_organization_add"),
        {"name": f"ООО {char}Ромашка", "inn": "", "kind": "enterprise", "territory": "town", "contacts": ""},
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Organization.objects.exists()


@BAD
def test_the_termination_form_refuses_the_character_in_the_reason(client_as, curator, char, words):
    mentorship = MentorshipFactory()
    response = client_as(curator).post(
        reverse("mentorship:mentorship_terminate", args=[mentorship.pk]),
        {"end_date": "2022-01-10", "reason": f"Переезд{char} семьи"},
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


def test_the_completion_form_refuses_results_longer_than_the_limit(client_as, curator):
    mentorship = MentorshipFactory()
    response = client_as(curator).post(
        reverse("mentorship:mentorship_complete", args=[mentorship.pk]),
        {"end_date": "2022-01-10", "results": "я" * 10_001},
    )
    assert response.status_code == 200
    assert "10000" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


def test_the_consent_withdrawal_form_refuses_the_character_in_the_grounds(client_as, admin_user_role):
    child = StudentFactory()
    response = client_as(admin_user_role).post(
        reverse("mentorship:pd_withdraw", args=[child.pk]),
        {"withdrawn_on": "2024-01-10", "reason": "Заявление\x1b № 5", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "управляющий символ (U+001B)" in response.content.decode()
    child.refresh_from_db()
    assert child.purged_at is None


def test_a_600000_character_plan_item_is_refused_by_the_form(client_as, curator):
    mentorship = MentorshipFactory()
    plan = mentorship.plans.get()
    item = PlanItemFactory(plan=plan, task="Решить 20 задач")
    url = reverse("mentorship:plan_item_edit", args=[mentorship.pk, plan.pk, item.pk])
    for field in ("task", "result"):
        data = {"task": "Решить 20 задач", "work_form": "", "status": "planned", "result": ""}
        response = client_as(curator).post(url, {**data, field: "я" * 600_000})
        assert response.status_code == 200
        assert "600000" in response.content.decode()  # «…не более N символов (сейчас 600000)»
    item.refresh_from_db()
    assert (item.task, item.result) == ("Решить 20 задач", "")


def test_a_600000_character_plan_item_is_refused_by_the_service():
    plan = MentorshipFactory().plans.get()
    with pytest.raises(ValidationError) as error:
        plan_item_save(item=PlanItem(plan=plan), data={"task": "Задача", "result": "я" * 600_000})
    assert set(error.value.message_dict) == {"result"}
    with pytest.raises(ValidationError) as error:
        plan_item_save(item=PlanItem(plan=plan), data={"task": "я" * 600_000})
    assert set(error.value.message_dict) == {"task"}
    assert not PlanItem.objects.exists()


def test_a_plan_item_of_a_few_lines_is_saved_with_its_line_breaks():
    plan = MentorshipFactory().plans.get()
    item = plan_item_save(item=PlanItem(plan=plan), data={"task": "Задача", "result": "Сделано:\n\t- одно\r\n- другое"})
    item.refresh_from_db()
    assert item.result == "Сделано:\n\t- одно\r\n- другое"


def test_a_task_is_one_line():
    plan = MentorshipFactory().plans.get()
    with pytest.raises(ValidationError) as error:
        plan_item_save(item=PlanItem(plan=plan), data={"task": "Задача\nвторая строка"})
    assert error.value.message_dict["task"] == [
        "Это поле — одна строка: удалите перенос строки или табуляцию в позиции 7."
    ]
