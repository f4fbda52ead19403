import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.forms import ResponseForm
from monitoring.models import Answer, Campaign, Invitation, Item, Response, Role
from monitoring.selectors import current_items
from monitoring.services import response_submit
from tests.factories import MentorshipFactory
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    q = QuestionnaireFactory()
    ItemFactory(questionnaire=q, key="useful", kind=Item.Kind.SCALE)
    ItemFactory(questionnaire=q, key="again", kind=Item.Kind.YES_NO)
    ItemFactory(questionnaire=q, key="topics", kind=Item.Kind.MANY, choices=["учёба", "спорт", "проекты"])
    ItemFactory(questionnaire=q, key="what", kind=Item.Kind.TEXT, required=False)
    return q


def _invitation(questionnaire):
    pair = MentorshipFactory()
    campaign = Campaign.objects.create(
        title="Мониторинг 20.12.2026",
        purpose=questionnaire.purpose,
        monitoring_date=datetime.date(2026, 12, 20),
        opens_on=datetime.date(2026, 12, 1),
        closes_on=datetime.date(2026, 12, 20),
    )
    return Invitation.objects.create(
        campaign=campaign,
        mentorship=pair,
        person=pair.mentees.get(),
        role=Role.MENTEE,
        questionnaire=questionnaire,
        token_digest="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=10),
    )


def test_a_response_stores_one_answer_per_answered_item(questionnaire):
    response = response_submit(
        questionnaire=questionnaire,
        role=Role.MENTEE,
        answers={"useful": 8, "again": True, "topics": [2, 0], "what": ""},
        channel=Response.Channel.PAPER,
    )
    answers = {a.item.key: a for a in response.answers.select_related("item")}
    assert set(answers) == {"useful", "again", "topics"}
    assert answers["useful"].number == 8 and answers["again"].flag is True and answers["topics"].chosen == [0, 2]


def test_a_missing_required_answer_or_a_score_out_of_range_is_refused_and_nothing_is_stored(questionnaire):
    with pytest.raises(ValidationError) as missing:
        response_submit(questionnaire=questionnaire, role=Role.MENTEE, answers={"useful": 8}, channel="paper")
    assert set(missing.value.message_dict) == {"again", "topics"}
    with pytest.raises(ValidationError) as out_of_range:
        response_submit(
            questionnaire=questionnaire,
            role=Role.MENTEE,
            answers={"useful": 11, "again": False, "topics": [1]},
            channel="paper",
        )
    assert "useful" in out_of_range.value.message_dict
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_invitation_answers_once(questionnaire):
    invitation = _invitation(questionnaire)
    answers = {"useful": 5, "again": False, "topics": [1]}
    response_submit(
        questionnaire=questionnaire, role=Role.MENTEE, answers=answers, channel="link", invitation=invitation
    )
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    with pytest.raises(ValidationError):
        response_submit(
            questionnaire=questionnaire, role=Role.MENTEE, answers=answers, channel="link", invitation=invitation
        )
    assert Response.objects.count() == 1


def test_a_retired_version_is_no_longer_asked(questionnaire):
    old = questionnaire.items.get(key="useful")
    old.retired_at = timezone.now()
    old.save()
    ItemFactory(questionnaire=questionnaire, key="useful", version=2, text="Насколько полезны встречи?")
    assert [i.version for i in current_items(questionnaire=questionnaire) if i.key == "useful"] == [2]


def test_the_form_gives_the_service_its_values(questionnaire):
    items = list(current_items(questionnaire=questionnaire))
    form = ResponseForm({"useful": "7", "again": "no", "topics": ["0", "1"], "what": "Всё понравилось"}, items=items)
    assert form.is_valid(), form.errors
    assert form.answers() == {"useful": 7, "again": False, "topics": [0, 1], "what": "Всё понравилось"}
    assert not ResponseForm({"useful": "7", "again": "no", "topics": ["0"], "what": "a\x00b"}, items=items).is_valid()
