import datetime

import pytest
from django.urls import reverse

from mentorship.models import Meeting, Mentorship, Organization, Person, PlanItem
from monitoring.models import Answer
from monitoring.selectors import RATING_KEYS
from tests.factories import (
    MentorshipFactory,
    OrganizationFactory,
    PlanItemFactory,
    StudentFactory,
    TeacherFactory,
    form,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _mentorship_post(**overrides):
    data = {
        "form": form("student_student").pk,
        "start_date": "2024-09-02",
        "status": "active",
        "request": "Подтянуть математику",
        "goal": "Сдать ОГЭ",
    }
    data.update(overrides)
    return data


def test_curator_creates_a_group_mentorship_in_the_browser(client_as, curator):
    mentor = StudentFactory(grade=10, birth_date=D(2008, 5, 1))
    mentees = [StudentFactory(grade=7), StudentFactory(grade=7)]
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"),
        _mentorship_post(mentor=mentor.pk, mentees=[m.pk for m in mentees], curator=curator.pk),
    )
    mentorship = Mentorship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentorship:mentorship_detail", args=[mentorship.pk])
    assert mentorship.curator == curator
    assert mentorship.plans.count() == 2


def test_broken_rule_shows_its_russian_message_and_saves_nothing(client_as, curator):
    teacher = TeacherFactory()
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"), _mentorship_post(mentor=teacher.pk, mentees=[StudentFactory().pk])
    )
    assert response.status_code == 200
    assert "В форме «ученик–ученик» наставником должен быть обучающийся." in response.content.decode()
    assert Mentorship.objects.count() == 0


def test_form_shows_a_russian_message_for_a_missing_field(client_as, curator):
    response = client_as(curator).post(reverse("mentorship:mentorship_create"), _mentorship_post(mentor=""))
    assert "Обязательное поле." in response.content.decode()
    assert Mentorship.objects.count() == 0


def test_curator_completes_a_mentorship_and_mentor_gives_feedback(client_as, curator):
    mentorship = MentorshipFactory(start_date=D(2024, 9, 1))
    client = client_as(curator)
    response = client.post(
        reverse("mentorship:mentorship_complete", args=[mentorship.pk]),
        {"end_date": "2025-05-20", "results": "Оценки выросли"},
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.end_date == D(2025, 5, 20)
    ratings = dict.fromkeys(RATING_KEYS, "8")
    response = client.post(
        reverse("monitoring:feedback_add", args=[mentorship.pk]) + "?who=mentor",
        {**ratings, "valuable": "Доверие", "would_continue": "yes", "would_become_mentor": "no"},
    )
    assert response.status_code == 302
    answers = {a.item.key: a for a in Answer.objects.filter(response__mentorship=mentorship).select_related("item")}
    assert sum(answers[k].number for k in RATING_KEYS) / 6 == 8.0 and answers["would_continue"].flag is True
    assert answers["valuable"].text == "Доверие"


def test_termination_without_a_reason_is_refused_in_the_browser(client_as, curator):
    mentorship = MentorshipFactory()
    response = client_as(curator).post(
        reverse("mentorship:mentorship_terminate", args=[mentorship.pk]), {"end_date": "2022-01-10", "reason": ""}
    )
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


def test_termination_with_a_reason_is_recorded(client_as, curator):
    mentorship = MentorshipFactory()
    client_as(curator).post(
        reverse("mentorship:mentorship_terminate", args=[mentorship.pk]),
        {"end_date": "2022-01-10", "reason": "Переезд семьи"},
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.TERMINATED
    assert mentorship.termination_reason == "Переезд семьи"


def test_mentor_logs_a_meeting_and_updates_a_plan_item_of_their_own_pair(client_as, mentor_user):
    mentor = StudentFactory(grade=11, user=mentor_user)
    mentorship = MentorshipFactory(mentor=mentor)
    plan = mentorship.plans.get()
    item = PlanItemFactory(plan=plan, task="Решить 20 задач")
    client = client_as(mentor_user)
    response = client.post(
        reverse("mentorship:meeting_add", args=[mentorship.pk]),
        {"status": "held", "date": "2022-02-01", "format": "online", "topic": "Дроби", "notes": ""},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().created_by == mentor_user
    response = client.post(
        reverse("mentorship:plan_item_edit", args=[mentorship.pk, plan.pk, item.pk]),
        {"task": "Решить 20 задач", "work_form": "", "deadline": "2022-03-01", "status": "done", "result": "Решены"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    plan.refresh_from_db()
    assert plan.progress() == 100


def test_mentor_cannot_touch_another_mentors_plan(client_as, mentor_user):
    StudentFactory(grade=11, user=mentor_user)
    other = MentorshipFactory()
    plan = other.plans.get()
    response = client_as(mentor_user).post(
        reverse("mentorship:plan_item_add", args=[other.pk, plan.pk]), {"task": "Чужая задача", "status": "planned"}
    )
    assert response.status_code == 404
    assert PlanItem.objects.count() == 0


def test_meeting_in_the_future_is_refused(client_as, curator):
    mentorship = MentorshipFactory()
    response = client_as(curator).post(
        reverse("mentorship:meeting_add", args=[mentorship.pk]),
        {"status": "held", "date": "2099-01-01", "format": "online", "topic": "Будущее"},
    )
    assert "дата в будущем" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_plan_progress_and_overdue_items(time_machine):
    time_machine.move_to(datetime.datetime(2022, 4, 1, 12, tzinfo=datetime.UTC))
    mentorship = MentorshipFactory()
    plan = mentorship.plans.get()
    PlanItemFactory(plan=plan, status="done", deadline=D(2022, 1, 1))
    late = PlanItemFactory(plan=plan, status="in_progress", deadline=D(2022, 3, 31))
    PlanItemFactory(plan=plan, status="planned", deadline=D(2022, 4, 1))
    PlanItemFactory(plan=plan, status="cancelled", deadline=D(2022, 1, 1))
    assert plan.progress() == 33
    assert [i.pk for i in plan.items.all() if i.is_overdue] == [late.pk]


def test_stale_plan_edit_is_refused(client_as, curator):
    mentorship = MentorshipFactory()
    plan = mentorship.plans.get()
    client = client_as(curator)
    url = reverse("mentorship:plan_edit", args=[mentorship.pk, plan.pk])
    assert client.post(url, {"goal": "Первая", "deficits": "", "version": 1}).status_code == 302
    response = client.post(url, {"goal": "Вторая", "deficits": "", "version": 1})
    assert "Кто-то изменил эту запись" in response.content.decode()
    plan.refresh_from_db()
    assert plan.goal == "Первая"


def test_student_list_search_is_case_insensitive_in_cyrillic(client_as, curator):
    StudentFactory(last_name="Щукина", first_name="Алёна")
    StudentFactory(last_name="Петров")
    html = client_as(curator).get(reverse("mentorship:student_list"), {"q": "щукина"}).content.decode()
    assert "Щукина" in html and "Петров" not in html


def test_student_list_filters_by_class_and_category(client_as, curator):
    from mentorship.models import MenteeCategory

    ovz = MenteeCategory.objects.get(code="disabilities")
    StudentFactory(last_name="Аксёнов", grade=7, class_letter="Б", categories=[ovz])
    StudentFactory(last_name="Борисов", grade=7, class_letter="А", categories=[ovz])
    StudentFactory(last_name="Волков", grade=7, class_letter="Б")
    html = (
        client_as(curator)
        .get(reverse("mentorship:student_list"), {"grade": 7, "class_letter": "б", "category": ovz.pk})
        .content.decode()
    )
    assert "Аксёнов" in html and "Борисов" not in html and "Волков" not in html


def test_people_who_left_are_hidden_by_default_and_shown_on_request(client_as, curator):
    StudentFactory(last_name="Ушедшая", date_left=D(2023, 6, 1))
    client = client_as(curator)
    assert "Ушедшая" not in client.get(reverse("mentorship:student_list")).content.decode()
    assert "Ушедшая" in client.get(reverse("mentorship:student_list"), {"roll": "left"}).content.decode()


def test_mentorship_list_filters_by_year_form_and_status(client_as, curator):
    MentorshipFactory(start_date=D(2021, 10, 1), status="completed", end_date=D(2022, 5, 1), goal="old")
    recent = MentorshipFactory(start_date=D(2024, 2, 1))
    response = client_as(curator).get(
        reverse("mentorship:mentorship_list"), {"year": 2024, "status": "active", "form": form("student_student").pk}
    )
    ids = [m.pk for m in response.context["page"].object_list]
    assert ids == [recent.pk]


def test_lists_are_paginated(client_as, curator):
    for _ in range(30):
        StudentFactory()
    client = client_as(curator)
    first = client.get(reverse("mentorship:student_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("mentorship:student_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_invalid_inn_is_refused_with_a_russian_message(client_as, curator):
    response = client_as(curator).post(
        reverse("mentorship:organization_create"),
        {"name": "ООО «Ромашка»", "inn": "7707083894", "kind": "enterprise", "territory": "town"},
    )
    assert "Неверные контрольные цифры ИНН" in response.content.decode()
    assert Organization.objects.count() == 0
    response = client_as(curator).post(
        reverse("mentorship:organization_create"),
        {"name": "ПАО Сбербанк", "inn": "7707083893", "kind": "enterprise", "territory": "elsewhere"},
    )
    assert response.status_code == 302
    assert Organization.objects.get().inn == "7707083893"


def test_curator_adds_a_student_with_categories(client_as, curator):
    from mentorship.models import MenteeCategory

    response = client_as(curator).post(
        reverse("mentorship:student_create"),
        {
            "last_name": "Ёлкина",
            "first_name": "Дарья",
            "birth_date": "2012-04-01",
            "grade": 6,
            "class_letter": "в",
            "categories": [MenteeCategory.objects.get(code="outstanding").pk],
        },
    )
    assert response.status_code == 302
    student = Person.objects.get(last_name="Ёлкина")
    assert student.class_name == "6В"
    assert [c.code for c in student.categories.all()] == ["outstanding"]


def test_roster_id_is_unique_across_all_people(client_as, curator):
    TeacherFactory(roster_id="A-1")
    response = client_as(curator).post(
        reverse("mentorship:student_create"),
        {"last_name": "Новый", "first_name": "Иван", "grade": 5, "class_letter": "А", "roster_id": "A-1"},
    )
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()


def test_person_card_shows_all_mentorships_and_plans(client_as, curator):
    student = StudentFactory()
    first = MentorshipFactory(mentees=[student], start_date=D(2021, 10, 1), status="completed", end_date=D(2022, 5, 1))
    second = MentorshipFactory(mentees=[student], start_date=D(2023, 10, 1))
    response = client_as(curator).get(reverse("mentorship:person_detail", args=[student.pk]))
    assert {m.pk for m in response.context["as_mentee"]} == {first.pk, second.pk}
    assert len(response.context["plans"]) == 2


def _populate(n):
    for _ in range(n):
        mentee = StudentFactory()
        MentorshipFactory(mentees=[mentee, StudentFactory()])
        OrganizationFactory()
        TeacherFactory()


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(
    "url_name", ["student_list", "teacher_list", "external_list", "organization_list", "mentorship_list"]
)
def test_list_pages_issue_a_fixed_number_of_queries(client_as, curator, django_assert_max_num_queries, size, url_name):
    _populate(size)
    client = client_as(curator)
    with django_assert_max_num_queries(11):
        assert client.get(reverse(f"mentorship:{url_name}")).status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_cards_issue_a_fixed_number_of_queries(client_as, curator, django_assert_max_num_queries, size):
    student = StudentFactory()
    for _ in range(size):
        m = MentorshipFactory(mentees=[student, StudentFactory()], status="completed", end_date=D(2022, 5, 1))
        PlanItemFactory(plan=m.plans.first())
        Meeting.objects.create(mentorship=m, date=D(2022, 1, 1), topic="Встреча")
    client = client_as(curator)
    # 15: the layout (session, user, roles, the bell), the card's reads (awards included), the view's audit entry.
    with django_assert_max_num_queries(15):
        client.get(reverse("mentorship:person_detail", args=[student.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("mentorship:mentorship_detail", args=[m.pk]))


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [("student_list", "students"), ("external_list", "external"), ("mentorship_list", "mentorships")],
)
def test_lists_link_to_their_excel_export(client_as, director, url_name, kind):
    html = client_as(director).get(reverse(f"mentorship:{url_name}")).content.decode()
    export_url = reverse("mentorship:roster_export", args=[kind])
    assert export_url in html
    assert client_as(director).get(export_url).status_code == 200


def test_pages_link_to_the_printable_forms(client_as, curator):
    from mentorship.models import BestMentor

    mentorship = MentorshipFactory(status="completed", end_date=D(2022, 5, 1))
    plan = mentorship.plans.get()
    award = BestMentor.objects.create(person=mentorship.mentor, year=2022, citation="За проект")
    client = client_as(curator)
    detail = client.get(reverse("mentorship:mentorship_detail", args=[mentorship.pk])).content.decode()
    assert reverse("reports:plan_pdf", args=[plan.pk]) in detail
    assert reverse("reports:feedback_pdf", args=[mentorship.pk]) in detail
    listing = client.get(reverse("mentorship:mentorship_list")).content.decode()
    assert reverse("reports:order_list_pdf") in listing
    card = client.get(reverse("mentorship:person_detail", args=[mentorship.mentor_id])).content.decode()
    assert reverse("reports:certificate_pdf", args=[award.pk]) in card
    assert client.get(reverse("reports:plan_pdf", args=[plan.pk])).status_code == 200


NO_VERSION = "Форма отправлена без версии записи. Обновите страницу и внесите изменения ещё раз."


def _edit_post(mentorship, **overrides):
    return _mentorship_post(
        mentor=mentorship.mentor_id, mentees=[p.pk for p in mentorship.mentees.all()], goal="Чужая правка", **overrides
    )


@pytest.mark.parametrize("version", [None, "", "abc", "0"])
def test_a_mentorship_edit_without_a_valid_version_is_refused_and_changes_nothing(client_as, curator, version):
    mentorship = MentorshipFactory(goal="Своя цель")
    data = _edit_post(mentorship) if version is None else _edit_post(mentorship, version=version)
    response = client_as(curator).post(reverse("mentorship:mentorship_edit", args=[mentorship.pk]), data)
    assert response.status_code == 200
    assert NO_VERSION in response.content.decode()
    mentorship.refresh_from_db()
    assert (mentorship.goal, mentorship.version) == ("Своя цель", 1)


def test_a_mentorship_edit_with_its_version_is_saved(client_as, curator):
    mentorship = MentorshipFactory(goal="Своя цель")
    url = reverse("mentorship:mentorship_edit", args=[mentorship.pk])
    assert 'name="version" value="1"' in client_as(curator).get(url).content.decode()
    assert client_as(curator).post(url, _edit_post(mentorship, version=1)).status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.goal, mentorship.version) == ("Чужая правка", 2)


@pytest.mark.parametrize("version", [None, "", "-1"])
def test_a_plan_edit_without_a_valid_version_is_refused_and_changes_nothing(client_as, curator, version):
    mentorship = MentorshipFactory()
    plan = mentorship.plans.get()
    data = {"goal": "Чужая правка", "deficits": ""} | ({} if version is None else {"version": version})
    response = client_as(curator).post(reverse("mentorship:plan_edit", args=[mentorship.pk, plan.pk]), data)
    assert response.status_code == 200
    assert NO_VERSION in response.content.decode()
    plan.refresh_from_db()
    assert (plan.goal, plan.version) == ("", 1)


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("mentor_user", 404), ("director", 403)])
def test_edits_without_a_version_from_anonymous_or_wrong_roles_change_nothing(client, client_as, request, who, status):
    mentorship = MentorshipFactory(goal="Своя цель")
    plan = mentorship.plans.get()
    client = client_as(request.getfixturevalue(who)) if who else client
    edit = client.post(reverse("mentorship:mentorship_edit", args=[mentorship.pk]), _edit_post(mentorship))
    plan_edit = client.post(reverse("mentorship:plan_edit", args=[mentorship.pk, plan.pk]), {"goal": "Чужая"})
    assert edit.status_code == status and plan_edit.status_code == status
    if who is None:
        assert edit.url.startswith("/accounts/login/") and plan_edit.url.startswith("/accounts/login/")
    mentorship.refresh_from_db()
    plan.refresh_from_db()
    assert (mentorship.goal, mentorship.version, plan.goal, plan.version) == ("Своя цель", 1, "", 1)
