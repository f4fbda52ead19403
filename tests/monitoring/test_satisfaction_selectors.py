"""The satisfaction questionnaires read like the former feedback (the same averages: test_feedback_migration.py), and
individual answers only for curators and administrators (a mentor: her own)."""

import datetime

import pytest

from mentorship.models import Mentorship
from monitoring.models import Questionnaire
from monitoring.selectors import RATING_KEYS, responses_visible_to, satisfaction_averages
from monitoring.services import response_submit
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_by_hand_two_mentee_answers_average_to_their_mean_and_other_purposes_are_left_out():
    mentorship = MentorshipFactory(
        status=Mentorship.Status.COMPLETED, end_date=D(2024, 11, 1), mentees=[StudentFactory(), StudentFactory()]
    )
    questionnaire = Questionnaire.objects.get(code="satisfaction-mentee")
    for person, score, again in zip(mentorship.mentees.all(), (7, 10), (True, False), strict=True):
        answers = {key: score for key in RATING_KEYS} | {"would_continue": again, "would_become_mentor": False}
        response_submit(
            questionnaire=questionnaire, role="mentee", answers=answers, channel="paper", mentorship=mentorship,
            person=person,
        )  # fmt: skip
    entry = Questionnaire.objects.get(code="entry-mentee-student-student")
    response_submit(
        questionnaire=entry,
        role="mentee",
        answers={"self_assessment": 1, "motivation": 1, "involvement": 1},
        channel="paper",
        mentorship=mentorship,
    )
    mentee = satisfaction_averages(start=D(2024, 6, 21), end=D(2024, 12, 20))["roles"]["mentee"]
    assert mentee["count"] == 2
    assert mentee["averages"]["meetings_usefulness"] == 8.5
    assert (mentee["would_continue"], mentee["would_become_mentor"]) == (1, 0)


def test_individual_answers_are_for_curators_and_administrators_a_mentor_sees_her_own_the_director_none(
    curator, admin_user_role, director, mentor_user, no_role_user, client
):
    mine = TeacherFactory(user=mentor_user)
    questionnaire = Questionnaire.objects.get(code="entry-mentor")
    answers = {"self_assessment": 5, "motivation": 6, "involvement": 7}
    own = response_submit(questionnaire=questionnaire, role="mentor", answers=answers, channel="portal", person=mine)
    other = response_submit(
        questionnaire=questionnaire, role="mentor", answers=answers, channel="paper", person=TeacherFactory()
    )
    anonymous = response_submit(questionnaire=questionnaire, role="mentor", answers=answers, channel="paper")
    assert set(responses_visible_to(user=curator)) == {own, other, anonymous}
    assert set(responses_visible_to(user=admin_user_role)) == {own, other, anonymous}
    assert list(responses_visible_to(user=mentor_user)) == [own]
    assert list(responses_visible_to(user=director)) == []
    assert list(responses_visible_to(user=no_role_user)) == []
    from django.contrib.auth.models import AnonymousUser

    assert list(responses_visible_to(user=AnonymousUser())) == []
