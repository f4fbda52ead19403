"""Applications to join: the public forms with their spam checks, the curators' queue, accept and decline."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from joining.forms import started_token
from joining.models import Application
from joining.services import application_accept, application_submit, applications_prune
from mentorship.models import Person
from tests.factories import OrganizationFactory, StudentFactory

MENTEE = reverse("joining:apply_mentee")
MENTOR = reverse("joining:apply_mentor")
THANKS = reverse("joining:thanks")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _started(seconds_ago=60):
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=seconds_ago), tick=False):
        return started_token()


def teacher_mentor(**overrides):
    return {
        "kind": "teacher",
        "last_name": "Наставникова",
        "first_name": "Ольга",
        "patronymic": "Игоревна",
        "position": "учитель физики",
        "email": "olga@example.ru",
        "strengths": "физика, олимпиады",
        "interests": "астрономия",
        "availability": "вторник после уроков",
        "started": _started(),
        **overrides,
    }


def student_mentee(**overrides):
    return {
        "kind": "student",
        "last_name": "Ёжикова",
        "first_name": "Алиса",
        "birth_date": "2013-04-02",
        "grade": "7",
        "class_letter": "б",
        "parent_name": "Ёжикова Марина Олеговна",
        "parent_contact": "+7 912 000-00-00",
        "parent_consent": "on",
        "email": "parent@example.ru",
        "request": "подтянуть математику",
        "interests": "рисование",
        "availability": "после 15:00",
        "started": _started(),
        **overrides,
    }


def test_a_visitor_sends_an_application_to_become_a_mentor_and_gets_a_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MENTOR, teacher_mentor())
    assert response.status_code == 302 and response["Location"] == THANKS
    application = Application.objects.get()
    assert (application.wish, application.kind, application.status) == ("mentor", "teacher", "new")
    assert application.strengths == "физика, олимпиады"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["olga@example.ru"]
    assert "Наставникова" not in mail.outbox[0].body  # the letter repeats nothing of the form
    thanks = client.get(THANKS)
    assert thanks.status_code == 200 and "Наставникова" not in thanks.content.decode()


def test_a_student_mentee_needs_a_parent_and_the_parents_consent_and_nothing_typed_is_lost(client):
    response = client.post(MENTEE, student_mentee(parent_consent="", parent_name=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ёжикова" in page and "подтянуть математику" in page  # the answers stay in the form
    errors = response.context["form"].errors
    assert "parent_consent" in errors and "parent_name" in errors
    assert not Application.objects.exists()


def test_a_student_mentor_must_be_15_to_18(client):
    response = client.post(MENTOR, student_mentee(birth_date="2014-01-01", request=""))
    assert response.status_code == 200 and "birth_date" in response.context["form"].errors
    assert not Application.objects.exists()


def test_an_external_specialist_names_the_organisation(client):
    response = client.post(MENTOR, teacher_mentor(kind="external", organization_name=""))
    assert "organization_name" in response.context["form"].errors
    response = client.post(MENTOR, teacher_mentor(kind="external", organization_name="ООО «Вектор»"))
    assert response.status_code == 302 and Application.objects.get().organization_name == "ООО «Вектор»"


def test_the_honeypot_field_filled_stores_nothing_and_tells_nothing(client):
    response = client.post(MENTOR, teacher_mentor(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == THANKS
    assert not Application.objects.exists()


def test_a_form_sent_faster_than_a_person_can_fill_it_is_refused_with_the_answers_kept(client, settings):
    settings.JOIN_MIN_FILL_SECONDS = 5
    response = client.post(MENTOR, teacher_mentor(started=_started(seconds_ago=1)))
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Наставникова" in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_a_forged_or_missing_time_stamp_is_refused(client):
    for started in ("", "1700000000:forged"):
        response = client.post(MENTOR, teacher_mentor(started=started))
        assert response.status_code == 200
    assert not Application.objects.exists()


def test_the_rate_limit_per_address_answers_429_and_stores_nothing_more(client, settings):
    settings.JOIN_PER_IP = 2
    for n in range(2):
        assert client.post(MENTOR, teacher_mentor(last_name=f"Первая{n}"), REMOTE_ADDR="10.0.0.1").status_code == 302
    refused = client.post(MENTOR, teacher_mentor(last_name="Третья"), REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429 and "Третья" in refused.content.decode()
    assert client.post(MENTOR, teacher_mentor(last_name="Другой"), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert Application.objects.count() == 3


def test_no_personal_data_in_the_cache_keys_of_the_rate_limit(client):
    client.post(MENTOR, teacher_mentor(), REMOTE_ADDR="10.9.8.7")
    keys = list(cache._cache.keys())  # LocMemCache
    assert keys and not any("10.9.8.7" in key for key in keys)


def _submit(**overrides):
    data = {
        "wish": "mentee",
        "kind": "student",
        "last_name": "Петрова",
        "first_name": "Софья",
        "birth_date": datetime.date(2012, 6, 1),
        "grade": 8,
        "class_letter": "А",
        "parent_name": "Петрова Анна",
        "parent_contact": "anna@example.ru",
        "parent_consent": True,
        "email": "anna@example.ru",
        "request": "уверенность в себе",
        "interests": "театр",
        "availability": "среда",
    }
    return application_submit(data={**data, **overrides})


def test_accept_creates_one_registry_person_with_the_matching_fields(client, curator):
    application = _submit()
    client.force_login(curator)
    response = client.post(
        reverse("applications:accept", args=[application.pk]), {"person": "0", "consent_confirmed": "on"}
    )
    person = Person.objects.get(last_name="Петрова")
    assert response.status_code == 302 and response["Location"] == reverse("mentorship:person_detail", args=[person.pk])
    assert (person.kind, person.grade, person.class_letter) == ("student", 8, "А")
    assert (person.request, person.interests, person.availability) == ("уверенность в себе", "театр", "среда")
    assert person.pd_consent_date == timezone.localdate()
    application.refresh_from_db()
    assert application.status == "accepted" and application.person == person
    assert application.consent_confirmed_at is not None and application.decided_by == curator
    # A second click: nothing new
    again = client.post(
        reverse("applications:accept", args=[application.pk]), {"person": "0", "consent_confirmed": "on"}
    )
    assert again.status_code == 302 and Person.objects.filter(last_name="Петрова").count() == 1


def test_a_students_application_is_not_accepted_before_the_curator_confirms_the_consent(client, curator):
    application = _submit()
    client.force_login(curator)
    response = client.post(reverse("applications:accept", args=[application.pk]), {"person": "0"})
    assert response.status_code == 200 and "consent_confirmed" in response.context["accept_form"].errors
    assert not Person.objects.filter(last_name="Петрова").exists()
    application.refresh_from_db()
    assert application.status == "new"


def test_duplicates_are_offered_by_name_and_by_surname_with_the_birth_date(client, curator):
    same_name = StudentFactory(last_name="Петрова", first_name="Софья", birth_date=datetime.date(2011, 1, 1))
    same_birth = StudentFactory(last_name="ПЕТРОВА", first_name="Соня", birth_date=datetime.date(2012, 6, 1))
    other = StudentFactory(last_name="Сидорова", first_name="Софья", birth_date=datetime.date(2012, 6, 1))
    application = _submit()
    client.force_login(curator)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    candidates = page.context["candidates"]
    assert candidates[0] == same_birth and candidates[0].same_birth_date
    assert set(candidates) == {same_name, same_birth} and other not in candidates


def test_accept_links_an_existing_person_and_fills_only_her_empty_matching_fields(client, curator):
    existing = StudentFactory(
        last_name="Петрова", first_name="Софья", birth_date=datetime.date(2012, 6, 1), interests="шахматы"
    )
    application = _submit()
    client.force_login(curator)
    response = client.post(
        reverse("applications:accept", args=[application.pk]), {"person": str(existing.pk), "consent_confirmed": "on"}
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.interests == "шахматы" and existing.request == "уверенность в себе"
    assert Person.objects.filter(last_name="Петрова").count() == 1
    assert Application.objects.get().person == existing


def test_an_external_mentor_is_accepted_into_the_chosen_organisation(client, curator):
    organisation = OrganizationFactory(name="ООО «Вектор»")
    application = application_submit(
        data={"wish": "mentor", "kind": "external", "last_name": "Инженеров", "first_name": "Пётр",
              "organization_name": "Вектор", "strengths": "CAD"}
    )  # fmt: skip
    client.force_login(curator)
    detail = client.get(reverse("applications:detail", args=[application.pk]))
    assert detail.context["accept_form"]["organization"].initial == organisation
    missing = client.post(reverse("applications:accept", args=[application.pk]), {"person": "0"})
    assert missing.status_code == 200 and not Person.objects.filter(last_name="Инженеров").exists()
    client.post(reverse("applications:accept", args=[application.pk]), {"person": "0", "organization": organisation.pk})
    person = Person.objects.get(last_name="Инженеров")
    assert person.kind == "external" and person.organization == organisation and person.strengths == "CAD"


def test_decline_needs_a_reason_and_answers_the_applicant_once(client, curator, django_capture_on_commit_callbacks):
    application = _submit()
    client.force_login(curator)
    url = reverse("applications:decline", args=[application.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Набор в этом году закрыт"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "declined" and application.decline_reason == "Набор в этом году закрыт"
    answers = [m for m in mail.outbox if "Набор в этом году закрыт" in m.body]
    assert len(answers) == 1 and answers[0].to == ["anna@example.ru"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "ещё раз"})
    from joining.services import application_answer_send

    assert application_answer_send(application_id=application.pk) is False  # once
    assert len([m for m in mail.outbox if "Набор" in m.body]) == 1


def test_the_daily_task_deletes_declined_applications_older_than_the_keeping_time(settings, curator):
    settings.JOIN_DECLINED_KEEP_MONTHS = 6
    old, recent, waiting = _submit(), _submit(last_name="Новая"), _submit(last_name="Ждёт")
    from joining.services import application_decline

    for application in (old, recent):
        application_decline(application_id=application.pk, user=curator, reason="нет мест")
    Application.objects.filter(pk=old.pk).update(decided_at=timezone.now() - datetime.timedelta(days=200))
    Application.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    assert applications_prune() == 1
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_accept_of_a_decided_application_is_refused(curator):
    application = _submit()
    application_accept(application_id=application.pk, user=curator, consent_confirmed=True)
    from joining.services import AlreadyDecided

    with pytest.raises(AlreadyDecided):
        application_accept(application_id=application.pk, user=curator, consent_confirmed=True)
    assert Person.objects.filter(last_name="Петрова").count() == 1


def test_the_queue_lists_by_status_and_counts(client, curator):
    _submit(), _submit(last_name="Вторая")
    declined = _submit(last_name="Отказ")
    from joining.services import application_decline

    application_decline(application_id=declined.pk, user=curator, reason="нет")
    client.force_login(curator)
    new = client.get(reverse("applications:queue"))
    assert [a.last_name for a in new.context["applications"]] == ["Вторая", "Петрова"]
    assert new.context["counts"] == {"new": 2, "accepted": 0, "declined": 1}
    assert [
        a.last_name for a in client.get(reverse("applications:queue") + "?status=declined").context["applications"]
    ] == ["Отказ"]


def test_the_queue_page_takes_a_fixed_number_of_queries(client, curator, django_assert_num_queries):
    for n in range(3):
        _submit(last_name=f"Заявка{n}")
    client.force_login(curator)
    client.get(reverse("applications:queue"))
    with django_assert_num_queries(8) as captured:
        client.get(reverse("applications:queue"))
    for n in range(5):
        _submit(last_name=f"Ещё{n}")
    with django_assert_num_queries(len(captured)):
        client.get(reverse("applications:queue"))


def test_the_director_reads_the_queue_but_cannot_decide(client, director):
    application = _submit()
    client.force_login(director)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200
    assert client.post(reverse("applications:accept", args=[application.pk]), {"person": "0"}).status_code == 403
    assert client.post(reverse("applications:decline", args=[application.pk]), {"reason": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "new"


def test_a_mentor_and_an_account_without_a_role_are_not_told_the_queue_exists(client, mentor_user, no_role_user):
    application = _submit()
    for user in (mentor_user, no_role_user):
        client.force_login(user)
        assert client.get(reverse("applications:queue")).status_code == 404
        assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
        assert client.post(reverse("applications:accept", args=[application.pk]), {"person": "0"}).status_code == 404
    client.logout()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 302


def test_the_public_page_offers_both_forms_and_the_forms_open_without_login(client):
    page = client.get(reverse("public:page")).content.decode()
    assert MENTEE in page and MENTOR in page
    for url in (MENTEE, MENTOR):
        response = client.get(url)
        assert response.status_code == 200 and 'name="website"' in response.content.decode()
