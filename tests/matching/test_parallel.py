"""Publishing and creating sessions survive a double click and parallel requests on PostgreSQL."""

import datetime

import pytest

from matching import services
from matching.models import MatchingSession
from mentorship.models import Mentorship, MentorshipForm
from tests.factories import StudentFactory, category, form
from tests.parallel import in_parallel, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_four_parallel_publishes_create_the_pairs_once(curator):
    require_postgres()
    for _ in range(3):
        StudentFactory(grade=6, birth_date=datetime.date(2012, 5, 1), categories=[category("outstanding")])
        StudentFactory(grade=10, birth_date=datetime.date(2008, 3, 1), strengths="олимпиады", capacity=1)
    session = services.session_create(
        data={
            "title": "Осень",
            "form": form(MentorshipForm.Code.STUDENT_STUDENT),
            "start_date": datetime.date(2024, 10, 1),
        }
    )
    services.session_solve(session=session)
    accepted = services.proposals_accept_all(session=session)
    assert accepted == 3
    url = f"/registry/matching/{session.pk}/publish/"
    answers = in_parallel(4, lambda client, i: client.post(url).status_code, user=curator)
    assert answers == [302] * 4
    assert Mentorship.objects.count() == 3
    assert MatchingSession.objects.get().status == MatchingSession.Status.PUBLISHED
