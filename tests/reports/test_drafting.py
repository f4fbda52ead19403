"""The summary drafts sections 8 and 9 from the data: each indicator against its target and the previous monitoring
date (met, behind by N points, the trend), meetings, plans, roadmap, questionnaires and growth."""

import datetime
from decimal import Decimal

import pytest

from indicators.selectors import IndicatorValue
from indicators.services import snapshot_get_or_record
from mentorship.models import Mentorship
from monitoring.models import Item, Purpose, Role
from monitoring.services import response_submit
from reports.drafting import draft_notes, kpi_sentence
from tests.factories import MentorshipFactory
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory
from tests.monitoring.test_analysis import at

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 12, 20)
BEFORE = datetime.date(2026, 6, 20)


def _value(value, target, code="k1"):
    return IndicatorValue(
        code=code,
        short_name="Доля обучающихся-наставляемых",
        as_of=AS_OF,
        numerator=None,
        denominator=None,
        value=None if value is None else Decimal(value),
        target=None if target is None else Decimal(target),
        achieved=None,
    )


def test_a_lagging_indicator_says_behind_by_how_many_points_and_its_trend():
    sentence = kpi_sentence(1, _value("51.0", "70"), _value("45.2", None), BEFORE)
    assert sentence == (
        "Показатель 1 («Доля обучающихся-наставляемых»): 51,0 % при плане 70,0 % — отстаёт на 19,0 п.; "
        "на 20.06.2026 было 45,2 %, рост."
    )


def test_a_met_indicator_says_met_and_a_fall_says_decline():
    sentence = kpi_sentence(2, _value("72.5", "70"), _value("80", "70"), BEFORE)
    assert "72,5 % при плане 70,0 % — достигнут (выше на 2,5 п.)" in sentence
    assert sentence.endswith("на 20.06.2026 было 80,0 %, снижение.")
    assert kpi_sentence(3, _value("50", "70"), _value("50", "70"), BEFORE).endswith("было 50,0 %, без изменений.")


def test_an_indicator_without_data_or_target_says_so():
    assert kpi_sentence(1, _value(None, "70"), None, BEFORE).endswith(": нет данных.")
    assert kpi_sentence(1, _value("10", None), None, BEFORE).endswith("10,0 %, план не задан.")


def test_the_draft_names_indicators_meetings_plans_roadmap_questionnaires_and_growth():
    pair = MentorshipFactory(start_date=datetime.date(2026, 1, 10))
    mentee = pair.mentees.get()
    entry = QuestionnaireFactory(purpose=Purpose.ENTRY, role=Role.MENTEE)
    exit_ = QuestionnaireFactory(purpose=Purpose.EXIT, role=Role.MENTEE)
    sat = QuestionnaireFactory(purpose=Purpose.SATISFACTION, role=Role.MENTEE, title="Удовлетворённость")
    for q in (entry, exit_):
        ItemFactory(questionnaire=q, key="motivation", kind=Item.Kind.SCALE, text="Мотивация")
    ItemFactory(questionnaire=sat, key="meetings_usefulness", kind=Item.Kind.SCALE, text="Польза встреч")
    ItemFactory(questionnaire=sat, key="communication_comfort", kind=Item.Kind.SCALE, text="Комфорт общения")
    submit = dict(role=Role.MENTEE, channel="paper", person=mentee, mentorship=pair)
    response_submit(
        questionnaire=entry, answers={"motivation": 5}, submitted_at=at(datetime.date(2026, 2, 1)), **submit
    )
    response_submit(
        questionnaire=exit_, answers={"motivation": 8}, submitted_at=at(datetime.date(2026, 12, 1)), **submit
    )
    for useful, comfort in ((9, 5), (9, 6), (10, 4)):
        response_submit(
            questionnaire=sat,
            answers={"meetings_usefulness": useful, "communication_comfort": comfort},
            submitted_at=at(datetime.date(2026, 11, 1)),
            **submit,
        )
    snapshot_get_or_record(as_of=BEFORE)

    notes = draft_notes(as_of=AS_OF)
    paragraphs = notes.conclusions.split("\n\n")
    assert [p.split(" (")[0] for p in paragraphs[:4]] == [f"Показатель {n}" for n in range(1, 5)]
    assert "на 20.06.2026 было" in paragraphs[0]
    assert "Наставничеств без проведённых встреч за полугодие: 1 из 1." in paragraphs
    assert "Просроченных пунктов индивидуальных планов: 0 из 0." in paragraphs
    assert any(p.startswith("Сроков дорожной карты в полугодии:") for p in paragraphs)
    assert (
        "Анкетирование: выше всего оценено «Польза встреч» (9,3 из 10), ниже всего — «Комфорт общения» (5,0 из 10)."
        in paragraphs
    )
    assert "Рост «Мотивация»: в среднем +3,0 от входа к выходу, сравнено 1, улучшили 100,0 %." in paragraphs
    assert (
        "Куратору проверить наставничества без встреч (1) и согласовать с наставниками график встреч."
        in notes.decisions
    )


def test_a_missing_exit_is_named_in_the_conclusions_and_the_decisions():
    pair = MentorshipFactory(start_date=datetime.date(2026, 1, 10), status=Mentorship.Status.ACTIVE)
    entry = QuestionnaireFactory(purpose=Purpose.ENTRY, role=Role.MENTEE)
    ItemFactory(questionnaire=entry, key="motivation", kind=Item.Kind.SCALE)
    response_submit(
        questionnaire=entry,
        role=Role.MENTEE,
        answers={"motivation": 5},
        channel="paper",
        person=pair.mentees.get(),
        mentorship=pair,
        submitted_at=at(datetime.date(2026, 2, 1)),
    )
    notes = draft_notes(as_of=AS_OF)
    assert "Нет итоговой анкеты: 1 (из ответивших на входе)." in notes.conclusions
    assert "Собрать итоговые анкеты участников (1)." in notes.decisions


def test_the_draft_is_read_in_a_fixed_number_of_queries(django_assert_num_queries):
    """20.06.2026 recorded (1 query for the snapshots), 20.12.2026 live (5), meetings 1, plans 2, roadmap,
    aggregates 3, rates 1, growth 3 — at most 16, here 15 (no answers yet: the aggregates' empty `IN` is no query),
    however many records."""
    MentorshipFactory(start_date=datetime.date(2026, 1, 10))
    snapshot_get_or_record(as_of=BEFORE)
    with django_assert_num_queries(15):
        draft_notes(as_of=AS_OF)
    for _ in range(5):
        MentorshipFactory(start_date=datetime.date(2026, 1, 10))
    with django_assert_num_queries(15):
        draft_notes(as_of=AS_OF)
