"""Stage 1 aggregates and stage 2 growth, computed exactly on a small case whose expected figures are worked out
by hand in the test; the SWOT draft's rules; the queries locked."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mentorship.models import Meeting, MentorshipForm
from monitoring.models import Campaign, Invitation, Item, Purpose, Role
from monitoring.selectors import (
    AnswerFilter,
    declining_ratings,
    growth_report,
    item_aggregates,
    response_rates,
    split_class_name,
)
from monitoring.services import response_submit
from monitoring.swot import swot_compose, swot_draft, swot_inputs
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, form
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 12, 20)  # the half-year 21.06.2026–20.12.2026


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def satisfaction():
    q = QuestionnaireFactory(code="sat", title="Удовлетворённость", purpose=Purpose.SATISFACTION, role=Role.MENTEE)
    ItemFactory(questionnaire=q, key="meetings_usefulness", kind=Item.Kind.SCALE, text="Польза встреч", order=1)
    ItemFactory(questionnaire=q, key="communication_comfort", kind=Item.Kind.SCALE, text="Комфорт общения", order=2)
    ItemFactory(questionnaire=q, key="would_become_mentor", kind=Item.Kind.YES_NO, text="Стал бы наставником", order=3)
    ItemFactory(questionnaire=q, key="topics", kind=Item.Kind.MANY, choices=["учёба", "спорт", "проекты"], order=4)
    ItemFactory(questionnaire=q, key="valuable", kind=Item.Kind.TEXT, required=False, order=5)
    return q


@pytest.fixture
def entry_exit():
    entry = QuestionnaireFactory(code="entry", title="На входе", purpose=Purpose.ENTRY, role=Role.MENTEE)
    exit_ = QuestionnaireFactory(code="exit", title="На выходе", purpose=Purpose.EXIT, role=Role.MENTEE)
    for q in (entry, exit_):
        ItemFactory(questionnaire=q, key="self_assessment", kind=Item.Kind.SCALE, text="Самооценка", order=1)
        ItemFactory(questionnaire=q, key="motivation", kind=Item.Kind.SCALE, text="Мотивация", order=2)
    return entry, exit_


def _answer(q, answers, *, person=None, mentorship=None, day=datetime.date(2026, 11, 1), role=Role.MENTEE):
    return response_submit(
        questionnaire=q,
        role=role,
        answers=answers,
        channel="paper",
        person=person,
        mentorship=mentorship,
        submitted_at=at(day),
    )


def test_aggregates_give_the_means_yes_shares_and_option_counts_worked_out_by_hand(satisfaction):
    pair = MentorshipFactory()
    three = [
        {"meetings_usefulness": 9, "communication_comfort": 4, "would_become_mentor": True, "topics": [0, 2]},
        {"meetings_usefulness": 8, "communication_comfort": 5, "would_become_mentor": False, "topics": [2]},
        {
            "meetings_usefulness": 10,
            "communication_comfort": 6,
            "would_become_mentor": True,
            "topics": [0],
            "valuable": "всё",
        },
    ]
    for answers in three:
        _answer(satisfaction, answers, mentorship=pair)
    # Outside the half-year: counted without a period, left out with it.
    _answer(satisfaction, {**three[0], "meetings_usefulness": 1}, mentorship=pair, day=datetime.date(2026, 6, 20))

    by_key = {a.key: a for a in item_aggregates(where=AnswerFilter(as_of=AS_OF))}
    assert by_key["meetings_usefulness"].answers == 3
    assert by_key["meetings_usefulness"].mean == Decimal("9.00")  # (9 + 8 + 10) / 3
    assert by_key["communication_comfort"].mean == Decimal("5.00")  # (4 + 5 + 6) / 3
    assert by_key["would_become_mentor"].yes == 2
    assert by_key["would_become_mentor"].yes_share == Decimal("0.667")  # 2 / 3
    assert by_key["topics"].options == [("учёба", 2), ("спорт", 0), ("проекты", 2)]
    assert by_key["valuable"].answers == 1 and by_key["valuable"].mean is None

    everything = {a.key: a for a in item_aggregates()}
    assert everything["meetings_usefulness"].answers == 4
    assert everything["meetings_usefulness"].mean == Decimal("7.00")  # (9 + 8 + 10 + 1) / 4


def test_aggregates_filter_by_form_class_and_role(satisfaction):
    ss = MentorshipFactory(mentees=[StudentFactory(grade=7, class_letter="Б")])
    tt = MentorshipFactory(
        form=form(MentorshipForm.Code.TEACHER_TEACHER), mentor=TeacherFactory(), mentees=[TeacherFactory()]
    )
    base = {"meetings_usefulness": 9, "communication_comfort": 9, "would_become_mentor": True, "topics": [1]}
    _answer(satisfaction, base, mentorship=ss, person=ss.mentees.get())
    _answer(satisfaction, {**base, "meetings_usefulness": 3}, mentorship=tt, person=tt.mentees.get())
    _answer(satisfaction, {**base, "meetings_usefulness": 5}, mentorship=tt, person=tt.mentor, role=Role.MENTOR)

    def mean(**kwargs):
        aggs = item_aggregates(where=AnswerFilter(as_of=AS_OF, **kwargs))
        return next(a.mean for a in aggs if a.key == "meetings_usefulness")

    assert mean() == Decimal("5.67")  # (9 + 3 + 5) / 3
    assert mean(form_id=tt.form_id) == Decimal("4.00")  # (3 + 5) / 2
    assert mean(class_name="7б") == Decimal("9.00")
    assert mean(role=Role.MENTOR) == Decimal("5.00")
    assert item_aggregates(where=AnswerFilter(as_of=AS_OF, class_name="9А")) == []
    assert split_class_name("11") == (11, "") and split_class_name("Б7") == (None, "")


def test_aggregates_take_three_queries_whatever_the_number_of_answers(satisfaction, django_assert_num_queries):
    pair = MentorshipFactory()
    answers = {"meetings_usefulness": 9, "communication_comfort": 9, "would_become_mentor": True, "topics": [1]}
    for _ in range(2):
        _answer(satisfaction, answers, mentorship=pair)
    with django_assert_num_queries(3):
        item_aggregates(where=AnswerFilter(as_of=AS_OF))
    for _ in range(20):
        _answer(satisfaction, answers, mentorship=pair)
    with django_assert_num_queries(3):
        item_aggregates(where=AnswerFilter(as_of=AS_OF))


def test_response_rate_is_answered_invitations_over_invitations_per_campaign(satisfaction):
    campaign = Campaign.objects.create(
        title="Мониторинг 20.12.2026",
        purpose=Purpose.SATISFACTION,
        monitoring_date=AS_OF,
        opens_on=datetime.date(2026, 12, 1),
        closes_on=AS_OF,
    )
    for index in range(4):
        pair = MentorshipFactory()
        Invitation.objects.create(
            campaign=campaign,
            mentorship=pair,
            person=pair.mentees.get(),
            role=Role.MENTEE,
            questionnaire=satisfaction,
            token_digest=f"{index:064d}",
            expires_at=at(AS_OF),
            answered_at=at(AS_OF) if index == 0 else None,
        )
    [rate] = response_rates(as_of=AS_OF)
    assert (rate.invited, rate.answered, rate.rate, rate.is_low) == (4, 1, Decimal("0.250"), True)
    assert response_rates(as_of=datetime.date(2026, 6, 20)) == []


def _growth_case(entry, exit_):
    """Three mentees of the student–student form (8А), one of the teacher–teacher form; by hand:
    A: self 4→7 (+3), motivation 6→5 (−1); B: self 5→5 (0), motivation 5→8 (+3);
    C: entry only (no exit); D (teacher–teacher): self 3→6 (+3), motivation 7→9 (+2)."""
    ss = form(MentorshipForm.Code.STUDENT_STUDENT)
    people = {}
    for name in ("A", "B", "C"):
        pair = MentorshipFactory(form=ss)
        people[name] = (pair.mentees.get(), pair)
    tt = MentorshipFactory(
        form=form(MentorshipForm.Code.TEACHER_TEACHER), mentor=TeacherFactory(), mentees=[TeacherFactory()]
    )
    people["D"] = (tt.mentees.get(), tt)
    scores = {"A": ((4, 6), (7, 5)), "B": ((5, 5), (5, 8)), "C": ((6, 6), None), "D": ((3, 7), (6, 9))}
    for name, (before, after) in scores.items():
        person, pair = people[name]
        _answer(
            entry,
            {"self_assessment": before[0], "motivation": before[1]},
            person=person,
            mentorship=pair,
            day=datetime.date(2026, 1, 15),
        )
        if after:
            _answer(
                exit_,
                {"self_assessment": after[0], "motivation": after[1]},
                person=person,
                mentorship=pair,
                day=datetime.date(2026, 12, 10),
            )
    return people


def test_growth_compares_entry_and_exit_of_the_same_person_by_key_exactly(entry_exit):
    _growth_case(*entry_exit)
    report = growth_report(by="form", where=AnswerFilter(as_of=AS_OF))
    rows = {(r.group, r.key): r for r in report.rows}
    ss_name = next(r.group for r in report.rows if r.compared == 2)
    ss_self = rows[(ss_name, "self_assessment")]
    assert (ss_self.compared, ss_self.improved, ss_self.mean_change) == (2, 1, Decimal("1.50"))  # (+3 + 0) / 2
    assert ss_self.improved_share == Decimal("0.500")
    ss_motivation = rows[(ss_name, "motivation")]
    assert (ss_motivation.compared, ss_motivation.improved, ss_motivation.mean_change) == (
        2,
        1,
        Decimal("1.00"),
    )  # (−1 + 3) / 2
    totals = {r.key: r for r in report.totals}
    assert (totals["self_assessment"].compared, totals["self_assessment"].improved) == (3, 2)
    assert totals["self_assessment"].mean_change == Decimal("2.00")  # (3 + 0 + 3) / 3
    assert totals["self_assessment"].entry_mean == Decimal("4.00")  # (4 + 5 + 3) / 3
    assert totals["self_assessment"].exit_mean == Decimal("6.00")  # (7 + 5 + 6) / 3
    assert totals["motivation"].mean_change == Decimal("1.33")  # (−1 + 3 + 2) / 3
    assert report.compared_people == 3


def test_a_mentee_without_an_exit_questionnaire_is_counted_as_such_never_dropped(entry_exit):
    _growth_case(*entry_exit)
    report = growth_report(by="form", where=AnswerFilter(as_of=AS_OF))
    assert report.missing_exit_total == 1
    [(group, count)] = report.missing_exit.items()
    assert count == 1 and group in report.groups
    # Before the exits were given (the half-year ending 20.06.2026), all four are still waiting for them.
    earlier = growth_report(where=AnswerFilter(as_of=datetime.date(2026, 6, 20)))
    assert (earlier.missing_exit_total, earlier.totals) == (4, [])


def test_growth_by_class_and_a_later_exit_replaces_an_earlier_one(entry_exit):
    entry, exit_ = entry_exit
    people = _growth_case(entry, exit_)
    person, pair = people["A"]
    _answer(
        exit_, {"self_assessment": 9, "motivation": 6}, person=person, mentorship=pair, day=datetime.date(2026, 12, 15)
    )
    report = growth_report(by="class", where=AnswerFilter(as_of=AS_OF))
    rows = {(r.group, r.key): r for r in report.rows}
    assert rows[("8А", "self_assessment")].mean_change == Decimal("2.50")  # A now 4→9 (+5), B 0: 5 / 2
    assert rows[("—", "self_assessment")].compared == 1  # the teacher has no class


def test_growth_is_three_queries_whatever_the_number_of_people(entry_exit, django_assert_num_queries):
    _growth_case(*entry_exit)
    with django_assert_num_queries(3):
        growth_report(by="role_model", where=AnswerFilter(as_of=AS_OF))


def test_declining_ratings_find_a_pair_whose_latest_satisfaction_is_lower(satisfaction):
    down, up = MentorshipFactory(), MentorshipFactory()
    base = {"would_become_mentor": True, "topics": [1]}
    _answer(
        satisfaction,
        {**base, "meetings_usefulness": 9, "communication_comfort": 9},
        mentorship=down,
        person=down.mentees.get(),
        day=datetime.date(2026, 3, 1),
    )
    _answer(
        satisfaction,
        {**base, "meetings_usefulness": 6, "communication_comfort": 7},
        mentorship=down,
        person=down.mentees.get(),
    )
    _answer(
        satisfaction,
        {**base, "meetings_usefulness": 5, "communication_comfort": 5},
        mentorship=up,
        person=up.mentees.get(),
        day=datetime.date(2026, 3, 1),
    )
    _answer(
        satisfaction,
        {**base, "meetings_usefulness": 8, "communication_comfort": 8},
        mentorship=up,
        person=up.mentees.get(),
    )
    [pair] = declining_ratings(as_of=AS_OF)
    assert (pair.mentorship_id, pair.before, pair.after) == (down.pk, Decimal("9.00"), Decimal("6.50"))


def test_swot_draft_puts_high_means_in_strengths_low_in_weaknesses_and_names_the_threats(satisfaction, entry_exit):
    pair = MentorshipFactory(start_date=datetime.date(2026, 1, 10))
    Meeting.objects.create(mentorship=pair, date=datetime.date(2026, 10, 1), topic="Встреча")
    MentorshipFactory(start_date=datetime.date(2026, 1, 10))  # no meeting in the half-year
    for usefulness, comfort, mentor in ((9, 4, True), (8, 5, True), (10, 6, False)):
        _answer(
            satisfaction,
            {
                "meetings_usefulness": usefulness,
                "communication_comfort": comfort,
                "would_become_mentor": mentor,
                "topics": [0],
            },
            mentorship=pair,
        )
    _growth_case(*entry_exit)

    draft = swot_draft(as_of=AS_OF)
    assert "«Польза встреч» (Удовлетворённость): в среднем 9,0 из 10, ответов: 3." in draft.strengths
    assert "Комфорт общения" not in draft.strengths
    assert "«Комфорт общения» (Удовлетворённость): в среднем 5,0 из 10, ответов: 3." in draft.weaknesses
    assert "«Стал бы наставником» (Удовлетворённость): да — 2 из 3 (66,7 %)." in draft.opportunities
    assert "Рост «Самооценка»: в среднем +2,0" in draft.opportunities
    assert "Нет итоговой анкеты: 1" in draft.threats
    assert "не провели ни одной встречи" in draft.threats


def test_swot_draft_with_no_data_says_so_in_each_part():
    draft = swot_draft(as_of=AS_OF)
    assert draft.strengths.startswith("Пока ни один вопрос")
    assert draft.threats == "Данные не показывают угроз."


def test_swot_draft_names_a_low_response_campaign(satisfaction):
    inputs = swot_inputs(as_of=AS_OF)
    from monitoring.selectors import CampaignRate

    low = CampaignRate(campaign_id=1, title="Мониторинг 20.12.2026", monitoring_date=AS_OF, invited=10, answered=3)
    fine = CampaignRate(campaign_id=2, title="Мониторинг-2", monitoring_date=AS_OF, invited=10, answered=5)
    draft = swot_compose(type(inputs)(**{**inputs.__dict__, "rates": [low, fine]}))
    assert "Низкий отклик «Мониторинг 20.12.2026»: ответили 3 из 10 приглашённых (30,0 %)." in draft.threats
    assert "Мониторинг-2" not in draft.threats


def test_swot_inputs_are_read_in_a_fixed_number_of_queries(satisfaction, entry_exit, django_assert_num_queries):
    _growth_case(*entry_exit)
    with django_assert_num_queries(8):
        swot_inputs(as_of=AS_OF)
