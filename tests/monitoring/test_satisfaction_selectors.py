"""The satisfaction questionnaires read like the former feedback: the same averages in the same layout, and
individual answers only for curators and administrators (a mentor: her own)."""

import datetime
import random

import pytest

from mentorship.models import Feedback, Mentorship
from mentorship.selectors import report_feedback
from monitoring.models import Questionnaire, Response
from monitoring.selectors import RATING_KEYS, responses_visible_to, satisfaction_averages
from monitoring.services import response_submit
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _as_response(feedback: Feedback) -> Response:
    """One feedback row as the satisfaction questionnaire of its author (what the data migration does)."""
    role = feedback.author_role
    answers = {key: getattr(feedback, key) for key in RATING_KEYS}
    answers |= {
        "valuable": feedback.valuable,
        "missing": feedback.missing,
        "would_continue": feedback.would_continue,
        "would_become_mentor": feedback.would_become_mentor,
    }
    mentorship = feedback.mentorship
    return response_submit(
        questionnaire=Questionnaire.objects.get(code=f"satisfaction-{role}"),
        role=role,
        answers=answers,
        channel=Response.Channel.PAPER,
        person=feedback.mentee if role == "mentee" else mentorship.mentor,
        mentorship=mentorship,
    )


def test_the_satisfaction_averages_equal_the_feedback_averages_on_the_same_answers(django_assert_num_queries):
    rng = random.Random(18)
    for n in range(12):
        status = (Mentorship.Status.COMPLETED, Mentorship.Status.TERMINATED, Mentorship.Status.ACTIVE)[n % 3]
        end = None if status == Mentorship.Status.ACTIVE else D(2024, 7 + n % 6, 1 + n)
        mentorship = MentorshipFactory(status=status, end_date=end, mentees=[StudentFactory(), StudentFactory()])
        rows = [Feedback(author_role="mentor")] + [
            Feedback(author_role="mentee", mentee=m) for m in mentorship.mentees.all()[: 1 + n % 2]
        ]
        for row in rows:
            row.mentorship = mentorship
            for key in RATING_KEYS:
                setattr(row, key, rng.randint(1, 10))
            row.would_continue, row.would_become_mentor = rng.random() < 0.6, rng.random() < 0.3
            row.valuable = "Доверие" if rng.random() < 0.5 else ""
            row.save()
            _as_response(row)
    for start, end in (
        (D(2024, 6, 21), D(2024, 12, 20)),
        (D(2024, 9, 1), D(2024, 10, 31)),
        (D(2020, 1, 1), D(2020, 2, 1)),
    ):
        expected = report_feedback(start, end)
        with django_assert_num_queries(1):
            got = satisfaction_averages(start=start, end=end)
        assert got == expected, (start, end)
    assert report_feedback(D(2024, 6, 21), D(2024, 12, 20))["roles"]["mentee"]["count"] > 5


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
