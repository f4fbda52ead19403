"""The permission matrix of the registry pages: anonymous, mentor, curator, director, admin."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import MentorshipFactory, OrganizationFactory, StudentFactory, TeacherFactory, form

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role_user", "mentor_user", "curator", "director", "admin_user_role"]


@pytest.fixture
def world():
    mentor_teacher = TeacherFactory()
    mentorship = MentorshipFactory()
    return {
        "student": mentorship.mentees.first(),
        "teacher": mentor_teacher,
        "organization": OrganizationFactory(),
        "mentorship": mentorship,
        "plan": mentorship.plans.first(),
    }


def _url(name, world):
    args = {
        "person_detail": [world["student"].pk],
        "person_edit": [world["student"].pk],
        "organization_detail": [world["organization"].pk],
        "organization_edit": [world["organization"].pk],
        "mentorship_detail": [world["mentorship"].pk],
        "mentorship_edit": [world["mentorship"].pk],
        "mentorship_complete": [world["mentorship"].pk],
        "mentorship_terminate": [world["mentorship"].pk],
        "meeting_add": [world["mentorship"].pk],
        "plan_edit": [world["mentorship"].pk, world["plan"].pk],
        "plan_item_add": [world["mentorship"].pk, world["plan"].pk],
    }.get(name, [])
    return reverse(f"mentorship:{name}", args=args)


# page -> expected status for: no role, mentor (not theirs), curator, director, admin
MATRIX = {
    "student_list": (404, 404, 200, 200, 200),
    "teacher_list": (404, 404, 200, 200, 200),
    "external_list": (404, 404, 200, 200, 200),
    "organization_list": (404, 404, 200, 200, 200),
    "mentorship_list": (404, 404, 200, 200, 200),
    "my_mentorships": (200, 200, 200, 200, 200),
    "person_detail": (404, 404, 200, 200, 200),
    "person_edit": (404, 404, 200, 403, 200),
    "student_create": (404, 404, 200, 403, 200),
    "teacher_create": (404, 404, 200, 403, 200),
    "external_create": (404, 404, 200, 403, 200),
    "organization_detail": (404, 404, 200, 200, 200),
    "organization_create": (404, 404, 200, 403, 200),
    "organization_edit": (404, 404, 200, 403, 200),
    "mentorship_create": (404, 404, 200, 403, 200),
    "mentorship_detail": (404, 404, 200, 200, 200),
    "mentorship_edit": (404, 404, 200, 403, 200),
    "mentorship_complete": (404, 404, 200, 403, 200),
    "mentorship_terminate": (404, 404, 200, 403, 200),
    "meeting_add": (404, 404, 200, 403, 200),
    "plan_edit": (404, 404, 200, 403, 200),
    "plan_item_add": (404, 404, 200, 403, 200),
    "school": (403, 403, 200, 200, 200),
}


@pytest.mark.parametrize("page", list(MATRIX))
def test_anonymous_visitor_is_sent_to_login(client, world, page):
    response = client.get(_url(page, world))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize(
    "role_index,role", list(enumerate(["no_role_user", "mentor_user", "curator", "director", "admin_user_role"]))
)
def test_registry_permission_matrix(request, client_as, world, page, role_index, role):
    user = request.getfixturevalue(role)
    response = client_as(user).get(_url(page, world))
    assert response.status_code == MATRIX[page][role_index], f"{role} on {page}"


def test_director_cannot_post_changes(client_as, director, world):
    client = client_as(director)
    url = _url("meeting_add", world)
    response = client.post(url, {"date": "2022-01-10", "format": "online", "topic": "Попытка"})
    assert response.status_code == 403
    assert world["mentorship"].meetings.count() == 0


def test_mentor_sees_only_their_own_pairs(client_as, mentor_user):
    own_mentor = TeacherFactory(user=mentor_user)
    own = MentorshipFactory(
        form=form("teacher_teacher"),
        mentor=own_mentor,
        mentees=[TeacherFactory(career_start=datetime.date(2021, 9, 1))],
    )
    other = MentorshipFactory()
    client = client_as(mentor_user)
    mine = client.get(reverse("mentorship:my_mentorships")).content.decode()
    assert own.mentees.first().short_name in mine
    assert other.mentor.short_name not in mine
    assert client.get(reverse("mentorship:mentorship_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("mentorship:mentorship_detail", args=[other.pk])).status_code == 404


def test_mentor_never_sees_a_students_categories(client_as, mentor_user):
    from mentorship.models import MenteeCategory

    mentor_person = StudentFactory(grade=11, user=mentor_user)
    mentee = StudentFactory(categories=[MenteeCategory.objects.get(code="difficult_life")])
    mentorship = MentorshipFactory(mentor=mentor_person, mentees=[mentee])
    html = client_as(mentor_user).get(reverse("mentorship:mentorship_detail", args=[mentorship.pk])).content.decode()
    assert mentee.full_name in html
    assert "ТЖС" not in html and "трудную жизненную" not in html
    assert reverse("mentorship:person_detail", args=[mentee.pk]) not in html
    assert client_as(mentor_user).get(reverse("mentorship:person_detail", args=[mentee.pk])).status_code == 404
