"""The registry's rules hold under parallel requests (PostgreSQL; on SQLite the IMMEDIATE transactions serialise
writers). Each request comes from its own thread, client and connection, released together by a barrier."""

import datetime

import pytest
from django.urls import reverse

from mentorship.models import DestructionRecord, Mentorship, Organization, Person
from mentorship.purge import PurgeError, student_purge
from monitoring.models import Response
from monitoring.selectors import RATING_KEYS
from tests.factories import MentorshipFactory, StudentFactory, form
from tests.parallel import in_parallel, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
D = datetime.date
ALREADY_TOGETHER = "У этих участников уже есть активное наставничество друг с другом."


@pytest.fixture(autouse=True)
def _postgres():
    require_postgres()


def _mentorship_post(mentor, mentees):
    return {
        "form": form("student_student").pk,
        "mentor": mentor.pk,
        "mentees": [m.pk for m in mentees],
        "start_date": "2024-09-02",
        "status": "active",
    }


def test_four_identical_mentorship_creates_at_once_make_one_active_mentorship(curator):
    mentor, mentee = StudentFactory(grade=10), StudentFactory(grade=7)
    url = reverse("mentorship:mentorship_create")
    responses = in_parallel(4, lambda client, i: client.post(url, _mentorship_post(mentor, [mentee])), user=curator)
    assert Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 302]
    refused = [r.content.decode() for r in responses if r.status_code == 200]
    assert all(ALREADY_TOGETHER in page for page in refused)


def test_five_creates_at_once_for_one_mentor_stop_at_the_mentor_capacity(curator, settings):
    settings.MENTOR_MAX_MENTEES = 3
    mentor = StudentFactory(grade=10)
    mentees = [StudentFactory(grade=7) for _ in range(5)]
    url = reverse("mentorship:mentorship_create")
    responses = in_parallel(5, lambda client, i: client.post(url, _mentorship_post(mentor, [mentees[i]])), user=curator)
    active = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE)
    assert active.count() == 3
    assert len(set(active.values_list("mentees", flat=True))) == 3
    assert sorted(r.status_code for r in responses) == [200, 200, 302, 302, 302]
    refused = [r.content.decode() for r in responses if r.status_code == 200]
    assert all("лимит — 3" in page for page in refused), refused[0][:3000]


def test_two_drafts_started_at_once_for_the_same_pair_leave_one_active(curator):
    mentor, mentee = StudentFactory(grade=10), StudentFactory(grade=7)
    drafts = [MentorshipFactory(mentor=mentor, mentees=[mentee], status=Mentorship.Status.DRAFT) for _ in range(2)]
    in_parallel(
        2,
        lambda client, i: client.post(reverse("mentorship:mentorship_activate", args=[drafts[i].pk])),
        user=curator,
    )
    assert Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count() == 1


def test_four_purges_at_once_make_one_destruction_act(admin_user_role):
    child = StudentFactory()
    url = reverse("mentorship:pd_withdraw", args=[child.pk])
    data = {"withdrawn_on": "2024-11-01", "confirm": "on"}
    responses = in_parallel(4, lambda client, i: client.post(url, data), user=admin_user_role)
    assert DestructionRecord.objects.filter(person=child).count() == 1
    assert sorted(r.status_code for r in responses)[-1] == 302
    assert [r.status_code for r in responses].count(302) == 1
    for response in responses:
        if response.status_code == 200:  # it passed the view's check before the first purge committed
            assert "Персональные данные этого обучающегося уже уничтожены." in response.content.decode()
        else:
            assert response.status_code in (302, 404)  # 404: it arrived after the purge


def test_the_purge_service_called_four_times_at_once_writes_one_act_and_refuses_the_others(admin_user_role):
    child = StudentFactory()

    def purge(_client, _i):
        try:
            return student_purge(person=child, withdrawn_on=D(2024, 11, 1), user=admin_user_role)
        except PurgeError as error:
            return str(error)

    results = in_parallel(4, purge)
    assert DestructionRecord.objects.filter(person=child).count() == 1
    assert sorted(map(str, results)).count("Персональные данные этого обучающегося уже уничтожены.") == 3


def test_the_same_feedback_from_two_forms_at_once_is_saved_once_and_never_a_500(curator):
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED, end_date=D(2022, 5, 20))
    url = reverse("monitoring:feedback_add", args=[mentorship.pk]) + "?who=mentor"
    data = {**dict.fromkeys(RATING_KEYS, "8"), "would_continue": "yes", "would_become_mentor": "no"}
    responses = in_parallel(3, lambda client, i: client.post(url, data), user=curator)
    assert Response.objects.filter(mentorship=mentorship).count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 302]
    assert all("Этот отзыв уже внесён." in r.content.decode() for r in responses if r.status_code == 200)


def test_two_students_with_the_same_roster_id_at_once_make_one_and_a_russian_message_not_a_500(curator):
    url = reverse("mentorship:student_create")
    data = {"last_name": "Новикова", "first_name": "Ирина", "grade": 5, "class_letter": "А", "roster_id": "R-77"}
    responses = in_parallel(3, lambda client, i: client.post(url, data), user=curator)
    assert Person.objects.filter(roster_id="R-77").count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 302]
    assert all("уже существует" in r.content.decode() for r in responses if r.status_code == 200)


def test_two_organisations_with_the_same_inn_at_once_make_one(curator):
    url = reverse("mentorship:organization_create")
    data = {"name": "ПАО Сбербанк", "inn": "7707083893", "kind": "enterprise", "territory": "elsewhere"}
    responses = in_parallel(3, lambda client, i: client.post(url, data), user=curator)
    assert Organization.objects.filter(inn="7707083893").count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 302]
