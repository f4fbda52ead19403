import datetime

import pytest

from mentorship.models import Meeting, Mentorship
from monitoring.models import Answer, Response, Role
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, UserFactory
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory

D = datetime.date
START = D(2026, 9, 1)


def pair(*, curator=None, mentor_user=None, start=START, planned_end=None, **kwargs):
    mentor = TeacherFactory(user=mentor_user) if mentor_user else TeacherFactory()
    return MentorshipFactory(
        mentor=mentor,
        curator=curator,
        start_date=start,
        planned_end_date=planned_end,
        status=Mentorship.Status.ACTIVE,
        mentees=[StudentFactory()],
        **kwargs,
    )


def held(mentorship, day):
    return Meeting.objects.create(mentorship=mentorship, date=day, status=Meeting.Status.HELD, topic="Встреча")


def satisfaction(mentorship, scores, *, when=None):
    questionnaire = QuestionnaireFactory()
    response = Response.objects.create(
        questionnaire=questionnaire,
        role=Role.MENTEE,
        mentorship=mentorship,
        channel=Response.Channel.PAPER,
        submitted_at=when or datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.UTC),
    )
    for score in scores:
        Answer.objects.create(response=response, item=ItemFactory(questionnaire=questionnaire), number=score)
    return response


@pytest.fixture
def mentor_with_mail(db, mentor_user):
    mentor_user.email = "mentor@school.test"
    mentor_user.save()
    return mentor_user


@pytest.fixture
def curator_with_mail(db, curator):
    curator.email = "curator@school.test"
    curator.save()
    return curator


@pytest.fixture
def other_curator(db):
    from django.contrib.auth.models import Group

    from portal.roles import CURATOR

    user = UserFactory(email="other@school.test")
    user.groups.add(Group.objects.get(name=CURATOR))
    return user
