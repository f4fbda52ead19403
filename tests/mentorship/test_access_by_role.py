"""A portal account linked to a registry teacher acts as that teacher's mentor only with the mentor role."""

import datetime

import pytest
from django.urls import reverse

from mentorship.models import Meeting, Mentorship, MentorshipForm
from portal.navigation import navigation_for
from tests.factories import MentorshipFactory, TeacherFactory, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def teachers_pair():
    teacher = TeacherFactory()
    return MentorshipFactory(
        form=form(MentorshipForm.Code.TEACHER_TEACHER),
        mentor=teacher,
        mentees=[TeacherFactory()],
        start_date=datetime.date(2024, 9, 1),
    )


def _log_meeting(client, mentorship):
    return client.post(
        reverse("mentorship:meeting_add", args=[mentorship.pk]),
        {"status": "held", "date": "01.10.2024", "format": "in_person", "topic": "Разбор урока"},
    )


def test_a_director_linked_to_a_teacher_gets_no_write_access_to_the_teachers_pairs(client_as, director, teachers_pair):
    teachers_pair.mentor.user = director
    teachers_pair.mentor.save()
    client = client_as(director)
    assert _log_meeting(client, teachers_pair).status_code == 403
    plan = teachers_pair.plans.get()
    assert (
        client.post(reverse("mentorship:plan_edit", args=[teachers_pair.pk, plan.pk]), {"goal": "x"}).status_code == 403
    )
    assert not Meeting.objects.exists()
    assert client.get(reverse("mentorship:my_mentorships")).context["mentorships"] == []


def test_an_account_without_a_role_linked_to_a_teacher_sees_none_of_the_pairs(client_as, no_role_user, teachers_pair):
    teachers_pair.mentor.user = no_role_user
    teachers_pair.mentor.save()
    client = client_as(no_role_user)
    assert client.get(reverse("mentorship:mentorship_detail", args=[teachers_pair.pk])).status_code == 404
    assert _log_meeting(client, teachers_pair).status_code == 404
    assert not Mentorship.objects.visible_to(no_role_user).exists()
    assert not Meeting.objects.exists()


def test_a_mentor_linked_to_the_teacher_works_on_the_teachers_pairs(client_as, mentor_user, teachers_pair):
    teachers_pair.mentor.user = mentor_user
    teachers_pair.mentor.save()
    client = client_as(mentor_user)
    assert client.get(reverse("mentorship:mentorship_detail", args=[teachers_pair.pk])).status_code == 200
    assert _log_meeting(client, teachers_pair).status_code == 302
    assert Meeting.objects.get().mentorship == teachers_pair
    assert client.get(reverse("mentorship:my_mentorships")).context["mentorships"] == [teachers_pair]


@pytest.mark.parametrize("role", ["no_role_user", "mentor_user", "curator", "director", "admin_user_role"])
def test_the_navigation_offers_only_pages_that_open_for_the_user(request, client_as, role, teachers_pair):
    user = request.getfixturevalue(role)
    teachers_pair.mentor.user = user
    teachers_pair.mentor.save()
    client = client_as(user)
    items = navigation_for(user)
    for item in items:
        assert client.get(item.url).status_code in (200, 302), item.url


def test_the_my_mentorships_entry_follows_the_mentor_role_not_the_link(director, mentor_user, teachers_pair):
    teachers_pair.mentor.user = director
    teachers_pair.mentor.save()
    assert reverse("mentorship:my_mentorships") not in [item.url for item in navigation_for(director)]
    assert reverse("mentorship:my_mentorships") in [item.url for item in navigation_for(mentor_user)]
