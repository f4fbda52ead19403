"""Sessions on a real database: the pool by the rules, pins and forbids, re-solving keeping what was accepted,
publishing exactly the accepted pairs through mentorship_create (all or nothing), the KPI effect as predicted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from indicators.selectors import kpi_compute
from matching import services
from matching.models import PairRule, Proposal
from matching.selectors import session_page
from mentorship.models import IndividualPlan, Mentorship, MentorshipForm
from tests.factories import MentorshipFactory, StudentFactory, category, form

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 10, 1)


@pytest.fixture
def people():
    mentees = [
        StudentFactory(grade=6, birth_date=datetime.date(2012, 5, 1), request="математика олимпиада") for _ in range(4)
    ]
    for mentee in mentees:
        mentee.categories.add(category("outstanding"))
    mentors = [
        StudentFactory(grade=10, birth_date=datetime.date(2008, 3, 1), strengths="олимпиады по математике", capacity=1)
        for _ in range(3)
    ]
    return mentees, mentors


def _session(**extra):
    data = {"title": "Осень", "form": form(MentorshipForm.Code.STUDENT_STUDENT), "start_date": START, **extra}
    session = services.session_create(data=data)
    services.session_solve(session=session)
    return session


def test_the_pool_is_the_potential_mentees_without_a_pair_and_mentors_aged_15_to_18(people):
    mentees, mentors = people
    busy = mentees[0]
    MentorshipFactory(mentees=[busy], start_date=datetime.date(2024, 9, 1))
    StudentFactory(grade=6)  # no category: not a potential mentee
    session = _session()
    page = session_page(session=session)
    pool_mentees = set(session.members.filter(role="mentee").values_list("person_id", flat=True))
    assert pool_mentees == {m.pk for m in mentees[1:]}
    assert {m.pk for m in mentors} <= set(session.members.filter(role="mentor").values_list("person_id", flat=True))
    assert len(page.proposals) == 3  # three mentors, one place each
    for proposal in page.proposals:
        assert sum(proposal.contributions.values()) == proposal.score > 0


def test_pin_forbid_resolve_keeps_accepted_and_publish_makes_exactly_the_accepted_pairs(people):
    mentees, mentors = people
    session = _session()
    first = session.proposals.order_by("mentee_id").first()
    services.proposal_decide(proposal=first, state=Proposal.State.ACCEPTED)
    services.pair_pin(session=session, mentor=mentors[2], mentee=mentees[3])
    services.pair_forbid(session=session, mentor=mentors[1], mentee=mentees[2])
    services.session_solve(session=session)
    pairs = {(p.mentor_id, p.mentee_id): p for p in session.proposals.all()}
    assert (first.mentor_id, first.mentee_id) in pairs and pairs[(first.mentor_id, first.mentee_id)].state == "accepted"
    assert pairs[(mentors[2].pk, mentees[3].pk)].pinned
    assert (mentors[1].pk, mentees[2].pk) not in pairs
    accepted = {k for k, p in pairs.items() if p.state == Proposal.State.ACCEPTED}
    before = Mentorship.objects.count()
    created = services.session_publish(session=session)
    assert Mentorship.objects.count() == before + len(accepted) == before + len(created)
    made = {(m.mentor_id, m.mentees.get().pk) for m in created}
    assert made == accepted
    assert all(m.status == Mentorship.Status.ACTIVE for m in created)
    assert IndividualPlan.objects.filter(mentorship__in=created).count() == len(created)
    with pytest.raises(ValidationError):
        services.session_publish(session=session)  # a second click publishes nothing more
    assert Mentorship.objects.count() == before + len(created)


def test_a_publish_that_fails_on_one_pair_creates_none_and_names_it(people):
    _mentees, _mentors = people
    session = _session()
    services.proposals_accept_all(session=session)
    victim = session.proposals.order_by("mentee_id").last()
    # Meanwhile someone gave the mentor a mentee elsewhere: the rules refuse the pair at publish.
    MentorshipFactory(mentor=victim.mentor, mentees=[StudentFactory()], start_date=datetime.date(2024, 9, 1))
    before = Mentorship.objects.count()
    with pytest.raises(ValidationError) as error:
        services.session_publish(session=session)
    assert victim.mentor.short_name in error.value.messages[0]
    assert Mentorship.objects.count() == before
    session.refresh_from_db()
    assert session.is_draft


def test_the_kpi_effect_is_what_the_dashboard_shows_after_publishing(people):
    session = _session()
    services.proposals_accept_all(session=session)
    projection = session_page(session=session).projection
    first = projection[0]
    assert first.planned.numerator > first.now.numerator
    services.session_publish(session=session)
    after = {v.code: v for v in kpi_compute(as_of=START)}
    for row in projection:
        assert (after[row.planned.code].numerator, after[row.planned.code].denominator) == (
            row.planned.numerator,
            row.planned.denominator,
        )


def test_a_pin_the_rules_refuse_is_refused(people):
    mentees, _mentors = people
    session = _session()
    with pytest.raises(ValidationError):
        services.pair_pin(session=session, mentor=mentees[0], mentee=mentees[1])  # not a mentor of the pool
    assert not PairRule.objects.filter(kind="pin").exists()


def test_group_mentoring_publishes_one_group_per_mentor(people):
    _mentees, mentors = people
    for mentor in mentors:
        mentor.capacity = 2
        mentor.save()
    session = _session(group_mentoring=True)
    services.proposals_accept_all(session=session)
    created = services.session_publish(session=session)
    assert sum(m.mentees.count() for m in created) == 4
    assert len({m.mentor_id for m in created}) == len(created)


def test_a_mentor_edits_their_own_matching_profile_and_nothing_else(client, mentor_user):
    from tests.factories import TeacherFactory

    person = TeacherFactory(user=mentor_user, subjects="физика")
    client.force_login(mentor_user)
    page = client.get("/registry/mentorships/mine/profile/")
    assert page.status_code == 200 and "categories" not in page.content.decode()
    answer = client.post(
        "/registry/mentorships/mine/profile/",
        {"strengths": "олимпиады по физике", "interests": "шахматы", "capacity": "2", "subjects": "взлом"},
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert (person.strengths, person.interests, person.capacity, person.subjects) == (
        "олимпиады по физике",
        "шахматы",
        2,
        "физика",
    )


def _page_queries(client, session):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/registry/matching/{session.pk}/").status_code == 200
    return len(queries)


def test_the_session_page_reads_in_a_fixed_number_of_queries(client, curator, people):
    client.force_login(curator)
    small = _session()
    few = _page_queries(client, small)
    for _ in range(5):
        StudentFactory(grade=5, birth_date=datetime.date(2013, 5, 1), categories=[category("behaviour")])
        StudentFactory(grade=11, birth_date=datetime.date(2007, 3, 1), strengths="спорт")
    large = _session()
    assert large.proposals.count() > small.proposals.count()
    assert _page_queries(client, large) == few


def test_a_purge_takes_the_child_out_of_every_session(people, admin_user_role):
    from matching.models import PoolMember, Unmatched
    from mentorship.purge import student_purge

    mentees, mentors = people
    session = _session()
    services.pair_forbid(session=session, mentor=mentors[0], mentee=mentees[0])
    child = mentees[0]
    student_purge(person=child, withdrawn_on=datetime.date(2024, 11, 1), user=admin_user_role)
    assert not PoolMember.objects.filter(person=child).exists()
    assert not PairRule.objects.filter(mentee=child).exists()
    assert not Proposal.objects.filter(mentee=child).exists()
    assert not Unmatched.objects.filter(mentee=child).exists()
