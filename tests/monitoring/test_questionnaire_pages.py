"""The curators' questionnaire pages: who may open them, and what they write through the services."""

import pytest
from django.urls import reverse

from monitoring.models import Item, Questionnaire
from monitoring.selectors import current_items
from monitoring.services import response_submit
from portal.navigation import navigation_for
from submissions.decorators import FIELD, submission_token_new
from tests.parallel import in_parallel, require_postgres

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:questionnaire_list")


def _builtin(code="satisfaction-mentee"):
    return Questionnaire.objects.get(code=code)


@pytest.mark.parametrize(
    ("user", "status"),
    [("no_role_user", 403), ("mentor_user", 403), ("director", 403), ("curator", 200), ("admin_user_role", 200)],
)
def test_the_list_is_for_curators_and_administrators(request, client, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(LIST).status_code == status


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_offers_questionnaires_to_whom_the_page_opens(curator, director, admin_user_role, mentor_user):
    for user, shown in ((curator, True), (admin_user_role, True), (director, False), (mentor_user, False)):
        assert any(i.url == LIST for i in navigation_for(user)) is shown


def test_the_list_shows_the_kit_with_its_counts_in_russian(client, curator):
    client.force_login(curator)
    page = client.get(LIST).content.decode()
    assert "Анкеты" in page and "Как прошло наставничество: анкета наставника" in page
    assert "комплект по умолчанию" in page


def test_the_curator_creates_a_questionnaire_and_adds_a_choice_question(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("monitoring:questionnaire_create"),
        {"title": "Анкета о кружках", "purpose": "satisfaction", "role": "mentee", "intro": "", "is_active": "on"},
    )
    questionnaire = Questionnaire.objects.get(title="Анкета о кружках")
    assert response["Location"] == reverse("monitoring:questionnaire_detail", args=[questionnaire.pk])
    response = client.post(
        reverse("monitoring:item_add", args=[questionnaire.pk]),
        {"kind": "one", "text": "Какой кружок?", "choices": "робототехника\nшахматы\n", "required": "on"},
    )
    assert response.status_code == 302
    item = current_items(questionnaire=questionnaire).get()
    assert (item.key, item.choices, item.required) == ("q1", ["робототехника", "шахматы"], True)
    page = client.get(reverse("monitoring:questionnaire_detail", args=[questionnaire.pk])).content.decode()
    assert "Какой кружок?" in page and "шахматы" in page


def test_a_choice_question_without_options_shows_a_russian_error_and_saves_nothing(client, curator):
    client.force_login(curator)
    questionnaire = _builtin()
    response = client.post(reverse("monitoring:item_add", args=[questionnaire.pk]), {"kind": "many", "text": "Что?"})
    assert response.status_code == 200
    assert "Укажите не меньше двух вариантов, по одному в строке." in response.content.decode()
    assert current_items(questionnaire=questionnaire).count() == 10


def test_editing_an_answered_question_through_the_page_makes_version_2(client, curator):
    questionnaire = _builtin()
    answers = {i.key: (True if i.kind == "yes_no" else 7) for i in current_items(questionnaire=questionnaire)}
    response_submit(questionnaire=questionnaire, role="mentee", answers=answers, channel="paper")
    item = Item.objects.get(questionnaire=questionnaire, key="meetings_usefulness")
    client.force_login(curator)
    url = reverse("monitoring:item_edit", args=[questionnaire.pk, item.pk])
    assert "Вопрос уже получил ответы" in client.get(url).content.decode()
    response = client.post(url, {"kind": "scale", "text": "Встречи помогали тебе?", "hint": "", "required": "on"})
    assert response.status_code == 302
    current = Item.objects.get(questionnaire=questionnaire, key="meetings_usefulness", retired_at__isnull=True)
    assert (current.version, current.text) == (2, "Встречи помогали тебе?")
    assert client.get(url).status_code == 404  # the retired version is no longer edited


def test_remove_and_move_answer_post_only_and_write_through_the_services(client, curator):
    questionnaire = _builtin("curator")
    first, second = list(current_items(questionnaire=questionnaire))[:2]
    client.force_login(curator)
    move = reverse("monitoring:item_move", args=[questionnaire.pk, second.pk])
    assert client.get(move).status_code == 405
    client.post(move, {"direction": "up"})
    assert current_items(questionnaire=questionnaire).first() == second
    remove = reverse("monitoring:item_remove", args=[questionnaire.pk, first.pk])
    assert client.get(remove).status_code == 405
    client.post(remove)
    first.refresh_from_db()
    assert first.retired_at is not None


def test_the_director_cannot_post_to_any_questionnaire_page_and_nothing_changes(client, director):
    questionnaire = _builtin()
    item = current_items(questionnaire=questionnaire).first()
    client.force_login(director)
    for url in (
        reverse("monitoring:questionnaire_create"),
        reverse("monitoring:questionnaire_edit", args=[questionnaire.pk]),
        reverse("monitoring:item_add", args=[questionnaire.pk]),
        reverse("monitoring:item_edit", args=[questionnaire.pk, item.pk]),
        reverse("monitoring:item_remove", args=[questionnaire.pk, item.pk]),
        reverse("monitoring:item_move", args=[questionnaire.pk, item.pk]),
    ):
        assert client.post(url, {"title": "x", "kind": "scale", "text": "x"}).status_code == 403, url
    assert Questionnaire.objects.count() == 14 and Item.objects.filter(retired_at__isnull=False).count() == 0


def test_a_double_click_on_add_question_adds_it_once(client, curator):
    questionnaire = _builtin("curator")
    client.force_login(curator)
    token = submission_token_new()
    url = reverse("monitoring:item_add", args=[questionnaire.pk])
    data = {"kind": "yes_no", "text": "Пара готова к завершению?", FIELD: token}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Item.objects.filter(questionnaire=questionnaire, text="Пара готова к завершению?").count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_parallel_adds_of_one_key_make_one_question_and_no_500(curator):
    require_postgres()
    questionnaire = _builtin("curator")
    url = reverse("monitoring:item_add", args=[questionnaire.pk])
    responses = in_parallel(
        4, lambda client, i: client.post(url, {"key": "ready", "kind": "scale", "text": f"Вопрос {i}"}), user=curator
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 302]
    assert Item.objects.filter(questionnaire=questionnaire, key="ready").count() == 1
