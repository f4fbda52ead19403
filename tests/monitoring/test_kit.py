"""The default kit shipped by the data migration: every form of mentoring has its entry and exit questionnaires
for mentees, with the keys growth compares; satisfaction keeps the six ratings of the former feedback."""

import pytest

from mentorship.models import MentorshipForm
from monitoring.forms import ResponseForm
from monitoring.models import Item, Purpose, Questionnaire, Role
from monitoring.selectors import current_items
from monitoring.services import response_submit
from tests.reference_data import DATA_MIGRATIONS, restore_reference_data

pytestmark = pytest.mark.django_db

SATISFACTION_KEYS = [
    "expected_effectiveness",
    "actual_effectiveness",
    "communication_comfort",
    "meetings_usefulness",
    "plan_fulfilment",
    "expectations_met",
    "valuable",
    "missing",
    "would_continue",
    "would_become_mentor",
]
GROWTH_KEYS = ["self_assessment", "motivation", "involvement"]


def _keys(code):
    return [item.key for item in current_items(questionnaire=Questionnaire.objects.get(code=code))]


def test_the_kit_is_listed_for_transactional_tests():
    assert ("monitoring.migrations.0002_default_kit_kit", "create_default_kit") in DATA_MIGRATIONS


def test_each_of_the_four_forms_has_entry_and_exit_questionnaires_for_mentees_with_the_same_keys():
    for form in MentorshipForm.objects.all():
        entry = Questionnaire.objects.get(purpose=Purpose.ENTRY, role=Role.MENTEE, form=form)
        exit_ = Questionnaire.objects.get(purpose=Purpose.EXIT, role=Role.MENTEE, form=form)
        expected = GROWTH_KEYS + (["adaptation"] if form.code == MentorshipForm.Code.TEACHER_TEACHER else [])
        assert _keys(entry.code) == expected, form.code
        assert _keys(exit_.code) == expected, form.code
        assert entry.builtin and exit_.builtin and entry.is_active
        assert {i.kind for i in current_items(questionnaire=entry)} == {Item.Kind.SCALE}
    assert MentorshipForm.objects.count() == 4
    assert _keys("entry-mentor") == _keys("exit-mentor") == GROWTH_KEYS


def test_satisfaction_of_mentee_and_mentor_keeps_the_feedback_fields_as_keys_for_every_form():
    for code, role in (("satisfaction-mentee", Role.MENTEE), ("satisfaction-mentor", Role.MENTOR)):
        questionnaire = Questionnaire.objects.get(code=code)
        assert (questionnaire.purpose, questionnaire.role, questionnaire.form) == (Purpose.SATISFACTION, role, None)
        items = {item.key: item for item in current_items(questionnaire=questionnaire)}
        assert list(items) == SATISFACTION_KEYS
        assert [items[k].kind for k in SATISFACTION_KEYS[:6]] == [Item.Kind.SCALE] * 6
        assert (items["valuable"].kind, items["valuable"].required) == (Item.Kind.TEXT, False)
        assert (items["would_continue"].kind, items["would_continue"].required) == (Item.Kind.YES_NO, True)


def test_the_curator_and_the_parent_have_their_questionnaires():
    curator = Questionnaire.objects.get(code="curator")
    parent = Questionnaire.objects.get(code="satisfaction-parent")
    assert (curator.purpose, curator.role) == (Purpose.CURATOR, Role.CURATOR)
    assert (parent.purpose, parent.role) == (Purpose.SATISFACTION, Role.PARENT)
    assert len(_keys("curator")) >= 4 and len(_keys("satisfaction-parent")) >= 4


def test_every_kit_question_is_short_and_russian_and_a_form_can_be_built_and_answered():
    questionnaires = Questionnaire.objects.filter(builtin=True)
    assert questionnaires.count() == 14
    for questionnaire in questionnaires:
        items = list(current_items(questionnaire=questionnaire))
        assert items, questionnaire.code
        for item in items:
            assert len(item.text) <= 110, item.text
            assert any("а" <= c <= "я" for c in item.text.lower()), item.text
        answers = {i.key: {"scale": "7", "yes_no": "yes", "text": "Хорошо"}[i.kind] for i in items if i.kind != "one"}
        form = ResponseForm(answers, items=items)
        assert form.is_valid(), form.errors
        response = response_submit(
            questionnaire=questionnaire, role=questionnaire.role, answers=form.answers(), channel="paper"
        )
        assert response.answers.count() == len(items)


def test_running_the_kit_again_keeps_what_the_curators_changed():
    questionnaire = Questionnaire.objects.get(code="satisfaction-mentee")
    questionnaire.title = "Наша анкета"
    questionnaire.save()
    Item.objects.filter(questionnaire=questionnaire, key="missing").delete()
    restore_reference_data()
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Наша анкета"
    assert "missing" not in _keys("satisfaction-mentee")
    assert Questionnaire.objects.filter(builtin=True).count() == 14
