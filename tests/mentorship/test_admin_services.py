"""The Django admin keeps the registry's rules: it writes through the same services as the pages."""

import datetime

import pytest
from django.urls import reverse

from mentorship.models import IndividualPlan, Meeting, Mentorship, MentorshipForm, Person
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, form

pytestmark = pytest.mark.django_db

Code = MentorshipForm.Code
NO_INLINE_ROWS = {
    "plans-TOTAL_FORMS": "0",
    "plans-INITIAL_FORMS": "0",
    "meetings-TOTAL_FORMS": "0",
    "meetings-INITIAL_FORMS": "0",
}


def _mentorship_post(*, code, mentor, mentees, **extra):
    return {
        "form": form(code).pk,
        "mentor": mentor.pk,
        "mentees": [m.pk for m in mentees],
        "start_date": "01.09.2024",
        "status": Mentorship.Status.ACTIVE,
        **NO_INLINE_ROWS,
        **extra,
    }


def test_the_admin_refuses_a_teacher_teacher_mentorship_of_students_and_saves_nothing(client_as, admin_user_role):
    students = [StudentFactory() for _ in range(7)]
    before = (Mentorship.objects.count(), IndividualPlan.objects.count())
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_mentorship_add"),
        _mentorship_post(code=Code.TEACHER_TEACHER, mentor=students[0], mentees=students[1:]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "В форме «учитель–учитель» наставником должен быть педагог." in page
    assert "каждый наставляемый должен быть педагогом" in page
    assert (Mentorship.objects.count(), IndividualPlan.objects.count()) == before


def test_a_mentorship_made_in_the_admin_has_a_plan_per_mentee_like_one_made_on_the_pages(client_as, admin_user_role):
    mentor, mentees = TeacherFactory(), [TeacherFactory(), TeacherFactory()]
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_mentorship_add"),
        _mentorship_post(code=Code.TEACHER_TEACHER, mentor=mentor, mentees=mentees),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mentorship = Mentorship.objects.get(mentor=mentor)
    assert set(mentorship.mentees.all()) == set(mentees)
    assert set(mentorship.plans.values_list("mentee_id", flat=True)) == {m.pk for m in mentees}


def test_an_admin_edit_that_breaks_a_rule_is_refused_and_changes_nothing(client_as, admin_user_role):
    mentorship = MentorshipFactory()
    mentee = mentorship.mentees.get()
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_mentorship_change", args=[mentorship.pk]),
        _mentorship_post(
            code=Code.STUDENT_STUDENT,
            mentor=mentee,
            mentees=[mentee],
            **{"plans-TOTAL_FORMS": "1", "plans-INITIAL_FORMS": "1"},
        ),
    )
    assert response.status_code == 200
    assert "Наставник не может быть своим наставляемым" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.mentor_id != mentee.pk and mentorship.start_date == datetime.date(2021, 10, 1)


def test_an_admin_edit_adding_a_mentee_gives_them_a_plan(client_as, admin_user_role):
    mentorship = MentorshipFactory()
    new = StudentFactory()
    mentees = [*mentorship.mentees.all(), new]
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_mentorship_change", args=[mentorship.pk]),
        _mentorship_post(
            code=Code.STUDENT_STUDENT,
            mentor=mentorship.mentor,
            mentees=mentees,
            **{"plans-TOTAL_FORMS": "1", "plans-INITIAL_FORMS": "1"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert IndividualPlan.objects.filter(mentorship=mentorship, mentee=new).exists()


def test_a_person_saved_in_the_admin_follows_the_person_rules(client_as, admin_user_role):
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_person_add"),
        {"kind": Person.Kind.STUDENT, "last_name": "Петрова", "first_name": "Ольга"},
    )
    assert response.status_code == 200
    assert "Укажите класс обучающегося." in response.content.decode()
    assert not Person.objects.filter(last_name="Петрова").exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:mentorship_meeting_add",
        "admin:monitoring_response_add",
        "admin:monitoring_questionnaire_add",
        "admin:monitoring_item_add",
        "admin:mentorship_individualplan_add",
        "admin:mentorship_mentorshipform_add",
        "admin:roadmap_activity_add",
        "admin:roadmap_occurrence_add",
    ],
)
def test_models_edited_on_the_pages_cannot_be_added_in_the_admin(client, django_user_model, url_name):
    superuser = django_user_model.objects.create_superuser("root", password="secret-pass-123")
    client.force_login(superuser)
    assert client.get(reverse(url_name)).status_code == 403


def test_a_meeting_is_shown_read_only_in_the_admin(client_as, admin_user_role):
    mentorship = MentorshipFactory()
    meeting = Meeting.objects.create(mentorship=mentorship, date=datetime.date(2021, 11, 1), topic="Знакомство")
    client = client_as(admin_user_role)
    url = reverse("admin:mentorship_meeting_change", args=[meeting.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"date": "01.12.2021", "topic": "Другая"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.topic == "Знакомство"


def test_a_mentorship_cannot_be_deleted_from_the_admin(client_as, admin_user_role):
    mentorship = MentorshipFactory()
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_mentorship_delete", args=[mentorship.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_a_student_added_in_the_admin_is_saved_by_the_person_service(client_as, admin_user_role, mentor_user):
    response = client_as(admin_user_role).post(
        reverse("admin:mentorship_person_add"),
        {
            "kind": Person.Kind.STUDENT,
            "last_name": "Петрова",
            "first_name": "Ольга",
            "grade": "7",
            "class_letter": " б ",
            "user": mentor_user.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(last_name="Петрова")
    assert person.class_letter == "Б"  # the service's rule, not the bare model form's
    assert person.user == mentor_user
