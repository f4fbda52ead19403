"""Curators adapt questionnaires without code: a question that already has answers is never changed in place."""

import pytest
from django.core.exceptions import ValidationError

from mentorship.models import MentorshipForm
from monitoring.models import Item, Purpose, Questionnaire, Role
from monitoring.selectors import current_items, questionnaire_items, questionnaires_for_staff
from monitoring.services import (
    item_add,
    item_move,
    item_remove,
    item_update,
    questionnaire_create,
    questionnaire_update,
    response_submit,
)
from tests.monitoring.factories import ItemFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


def _answered(item, value=5):
    response_submit(
        questionnaire=item.questionnaire,
        role=item.questionnaire.role,
        answers={i.key: value for i in current_items(questionnaire=item.questionnaire)},
        channel="paper",
    )


def test_a_question_without_answers_is_changed_in_place():
    item = ItemFactory(text="Старый вопрос")
    saved = item_update(item=item, data={"text": "Новый вопрос", "kind": Item.Kind.SCALE})
    assert saved.pk == item.pk and saved.version == 1 and saved.text == "Новый вопрос"
    assert Item.objects.filter(questionnaire=item.questionnaire).count() == 1


def test_a_question_with_answers_is_retired_and_version_2_with_the_same_key_takes_its_place():
    item = ItemFactory(key="useful", text="Полезно?", order=30)
    _answered(item, 8)
    saved = item_update(item=item, data={"text": "Насколько полезно?"})
    item.refresh_from_db()
    assert item.retired_at is not None and item.text == "Полезно?" and item.answers.get().number == 8
    assert (saved.key, saved.version, saved.order, saved.text) == ("useful", 2, 30, "Насколько полезно?")
    assert list(current_items(questionnaire=item.questionnaire)) == [saved]
    with pytest.raises(ValidationError):
        item_update(item=item, data={"text": "Ещё раз"})  # the retired version is not edited
    third = item_update(item=saved, data={"text": "Насколько полезно было?"})
    assert third.pk == saved.pk  # version 2 has no answers yet: changed in place


def test_saving_a_question_unchanged_makes_no_new_version():
    item = ItemFactory()
    _answered(item)
    assert item_update(item=item, data={"text": item.text, "kind": item.kind}).pk == item.pk


def test_removing_retires_the_question_and_keeps_its_answers_and_a_new_one_with_its_key_is_version_2():
    item = ItemFactory(key="extra")
    _answered(item)
    item_remove(item=item)
    item.refresh_from_db()
    assert item.retired_at is not None and item.answers.count() == 1
    assert list(current_items(questionnaire=item.questionnaire)) == []
    again = item_add(questionnaire=item.questionnaire, data={"key": "extra", "kind": "yes_no", "text": "Снова?"})
    assert again.version == 2


def test_a_new_question_goes_last_with_a_made_up_key_and_a_second_current_one_with_the_same_key_is_refused():
    questionnaire = QuestionnaireFactory()
    first = item_add(questionnaire=questionnaire, data={"kind": "scale", "text": "Первый"})
    second = item_add(questionnaire=questionnaire, data={"kind": "text", "text": "Второй", "required": False})
    assert (first.key, second.key) == ("q1", "q2") and second.order > first.order
    with pytest.raises(ValidationError) as error:
        item_add(questionnaire=questionnaire, data={"key": "q1", "kind": "scale", "text": "Третий"})
    assert "key" in error.value.message_dict


def test_choices_are_required_for_a_choice_question_and_refused_for_the_others():
    questionnaire = QuestionnaireFactory()
    with pytest.raises(ValidationError) as error:
        item_add(questionnaire=questionnaire, data={"kind": "one", "text": "Что?", "choices": ["одно"]})
    assert "choices" in error.value.message_dict
    with pytest.raises(ValidationError):
        item_add(questionnaire=questionnaire, data={"kind": "scale", "text": "Что?", "choices": ["a", "b"]})
    with pytest.raises(ValidationError):
        item_add(questionnaire=questionnaire, data={"kind": "many", "text": "Что?", "choices": ["a", "a"]})
    with pytest.raises(ValidationError):
        item_add(questionnaire=questionnaire, data={"kind": "many", "text": "Что?", "choices": ["a\x07", "b"]})
    item = item_add(questionnaire=questionnaire, data={"kind": "many", "text": "Что?", "choices": [" учёба ", "спорт"]})
    assert item.choices == ["учёба", "спорт"]


def test_moving_a_question_swaps_it_with_its_neighbour_and_renumbers():
    questionnaire = QuestionnaireFactory()
    a, _b, c = (item_add(questionnaire=questionnaire, data={"kind": "scale", "text": t}) for t in "абв")
    item_move(item=c, up=True)
    assert [i.text for i in current_items(questionnaire=questionnaire)] == ["а", "в", "б"]
    item_move(item=a, up=True)  # already first: stays
    item_move(item=a, up=False)
    assert [(i.text, i.order) for i in current_items(questionnaire=questionnaire)] == [
        ("в", 10),
        ("а", 20),
        ("б", 30),
    ]


def test_a_questionnaire_with_answers_keeps_its_purpose_role_and_form_but_its_title_changes():
    questionnaire = questionnaire_create(
        data={"title": "Наша анкета", "purpose": Purpose.SATISFACTION, "role": Role.MENTEE, "intro": ""}
    )
    assert questionnaire.code.startswith("custom-") and not questionnaire.builtin
    item = item_add(questionnaire=questionnaire, data={"kind": "scale", "text": "Как?"})
    _answered(item)
    questionnaire_update(questionnaire=questionnaire, data={"title": "Другая", "is_active": False})
    questionnaire.refresh_from_db()
    assert (questionnaire.title, questionnaire.is_active) == ("Другая", False)
    with pytest.raises(ValidationError) as error:
        questionnaire_update(
            questionnaire=questionnaire, data={"form": MentorshipForm.objects.get(code="teacher_teacher")}
        )
    assert "form" in error.value.message_dict


def test_a_builtin_questionnaire_is_adapted_by_the_same_versioning():
    questionnaire = Questionnaire.objects.get(code="satisfaction-mentee")
    item = Item.objects.get(questionnaire=questionnaire, key="meetings_usefulness")
    answers = {i.key: (True if i.kind == "yes_no" else 6) for i in current_items(questionnaire=questionnaire)}
    response_submit(questionnaire=questionnaire, role="mentee", answers=answers, channel="paper")
    saved = item_update(item=item, data={"text": "Встречи помогали?"})
    assert (saved.key, saved.version) == ("meetings_usefulness", 2)


def test_the_staff_list_counts_current_questions_and_responses_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {q.code: q for q in questionnaires_for_staff()}
    assert rows["satisfaction-mentee"].item_count == 10
    assert rows["entry-mentee-teacher-teacher"].item_count == 4
    assert rows["satisfaction-mentee"].response_count == 0
    questionnaire = Questionnaire.objects.get(code="curator")
    with django_assert_num_queries(1):
        items = questionnaire_items(questionnaire=questionnaire)
    assert all(i.answer_count == 0 for i in items)
