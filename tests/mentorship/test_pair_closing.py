"""Completing a pair warns about open plan items; a closed pair is read-only but for feedback; feedback
scores have no default; pairs are titled by their people."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorship.models import Meeting, Mentorship, PlanItem
from mentorship.services import meeting_cancel, meeting_log, meeting_mark_held, plan_item_save, plan_update
from monitoring.models import Questionnaire, Response
from monitoring.selectors import RATING_KEYS, current_items
from tests.factories import MentorshipFactory, PlanItemFactory, StudentFactory, TeacherFactory, form

pytestmark = pytest.mark.django_db
D = datetime.date
CLOSED = [
    (Mentorship.Status.COMPLETED, "Наставничество завершено"),
    (Mentorship.Status.TERMINATED, "Наставничество прекращено досрочно"),
    (Mentorship.Status.CANCELLED, "Наставничество отменено"),
]


def _closed(status):
    return MentorshipFactory(status=status, start_date=D(2023, 9, 1), end_date=D(2024, 5, 31))


# Read-only at service level


@pytest.mark.parametrize(("status", "message"), CLOSED)
def test_the_services_refuse_plan_and_meeting_writes_to_a_closed_pair(status, message):
    pair = _closed(status)
    plan = pair.plans.get()
    item = PlanItemFactory(plan=plan, task="Старый пункт")
    planned = Meeting.objects.create(mentorship=pair, date=D(2024, 5, 30), topic="Итоги", status="planned")
    writes = [
        lambda: plan_item_save(item=PlanItem(plan=plan), data={"task": "Новый пункт"}),
        lambda: plan_item_save(item=item, data={"status": PlanItem.Status.DONE}),
        lambda: plan_update(plan=plan, goal="Другая цель", deficits=""),
        lambda: meeting_log(mentorship=pair, data={"date": D(2024, 5, 20), "topic": "Поздняя запись"}),
        lambda: meeting_mark_held(meeting=planned, data={"date": D(2024, 5, 30)}),
        lambda: meeting_cancel(meeting=planned),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as error:
            write()
        assert any(m.startswith(message) for m in error.value.messages), error.value.messages
    item.refresh_from_db()
    plan.refresh_from_db()
    planned.refresh_from_db()
    assert (item.status, plan.goal, planned.status) == (PlanItem.Status.PLANNED, "", Meeting.Status.PLANNED)
    assert PlanItem.objects.count() == 1 and Meeting.objects.count() == 1


def _answers(score="7", **changes):
    return {**dict.fromkeys(RATING_KEYS, score), "would_continue": "yes", "would_become_mentor": "no", **changes}


def test_feedback_is_still_accepted_for_a_completed_pair(client_as, curator):
    pair = _closed(Mentorship.Status.COMPLETED)
    url = reverse("monitoring:feedback_add", args=[pair.pk]) + "?who=mentor"
    response = client_as(curator).post(url, _answers())
    assert response.status_code == 302
    assert Response.objects.get().mentorship == pair


def test_an_open_pair_still_takes_plan_items_and_meetings():
    pair = MentorshipFactory(start_date=D(2023, 9, 1))
    plan = pair.plans.get()
    assert plan_item_save(item=PlanItem(plan=plan), data={"task": "Пункт"}).pk
    assert meeting_log(mentorship=pair, data={"date": D(2024, 1, 10), "topic": "Встреча"}).pk


# Read-only at view level


def test_a_completed_pair_page_offers_no_plan_item_and_no_meeting(client_as, curator):
    pair = _closed(Mentorship.Status.COMPLETED)
    page = client_as(curator).get(reverse("mentorship:mentorship_detail", args=[pair.pk])).content.decode()
    for offer in ("Добавить пункт", "Запланировать или записать встречу", "Цель и дефициты", "Записать встречу"):
        assert offer not in page
    assert "Внести отзыв" in page
    assert "планы и встречи сохраняются как есть" in page


def test_an_active_pair_page_offers_both(client_as, curator):
    pair = MentorshipFactory()
    page = client_as(curator).get(reverse("mentorship:mentorship_detail", args=[pair.pk])).content.decode()
    assert "Добавить пункт" in page and "Запланировать или записать встречу" in page


@pytest.mark.parametrize(("status", "message"), CLOSED)
def test_the_write_pages_of_a_closed_pair_send_back_to_it_and_change_nothing(client_as, mentor_user, status, message):
    mentor = StudentFactory(grade=11, user=mentor_user)
    pair = MentorshipFactory(mentor=mentor, status=status, start_date=D(2023, 9, 1), end_date=D(2024, 5, 31))
    plan = pair.plans.get()
    item = PlanItemFactory(plan=plan, task="Старый пункт")
    client = client_as(mentor_user)
    detail = reverse("mentorship:mentorship_detail", args=[pair.pk])
    posts = {
        reverse("mentorship:meeting_add", args=[pair.pk]): {"status": "held", "date": "2024-05-20", "topic": "Т"},
        reverse("mentorship:plan_item_add", args=[pair.pk, plan.pk]): {"task": "Новый", "status": "planned"},
        reverse("mentorship:plan_item_edit", args=[pair.pk, plan.pk, item.pk]): {"task": "Другой", "status": "done"},
        reverse("mentorship:plan_edit", args=[pair.pk, plan.pk]): {"goal": "Цель", "version": plan.version},
    }
    for url, data in posts.items():
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302 and response["Location"] == detail, url
    followed = client.get(reverse("mentorship:meeting_add", args=[pair.pk]), follow=True)
    assert any(str(m).startswith(message) for m in followed.context["messages"])
    item.refresh_from_db()
    assert item.task == "Старый пункт" and PlanItem.objects.count() == 1 and not Meeting.objects.exists()


# Completing warns about open plan items


def test_completing_lists_the_open_plan_items_and_needs_a_confirmation(client_as, curator):
    pair = MentorshipFactory(start_date=D(2024, 9, 1))
    plan = pair.plans.get()
    PlanItemFactory(plan=plan, task="Разобрать дроби", status=PlanItem.Status.IN_PROGRESS, deadline=D(2025, 4, 1))
    PlanItemFactory(plan=plan, task="Сделано", status=PlanItem.Status.DONE)
    PlanItemFactory(plan=plan, task="Отменено", status=PlanItem.Status.CANCELLED)
    client = client_as(curator)
    url = reverse("mentorship:mentorship_complete", args=[pair.pk])
    page = client.get(url)
    assert [i.task for i in page.context["open_items"]] == ["Разобрать дроби"]
    assert "В планах 1 невыполненный пункт:" in page.content.decode()
    assert "Разобрать дроби (срок 01.04.2025) — выполняется" in page.content.decode()
    refused = client.post(url, {"end_date": "2025-05-20", "results": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["confirm_open_items"] == [
        "В планах есть невыполненные пункты (они перечислены выше). "
        "Подтвердите, что наставничество всё равно завершается."
    ]
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE
    done = client.post(url, {"end_date": "2025-05-20", "results": "", "confirm_open_items": "on"})
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED
    assert plan.items.get(task="Разобрать дроби").status == PlanItem.Status.IN_PROGRESS  # left as it was


def test_completing_a_pair_without_open_items_asks_nothing(client_as, curator):
    pair = MentorshipFactory(start_date=D(2024, 9, 1))
    PlanItemFactory(plan=pair.plans.get(), task="Сделано", status=PlanItem.Status.DONE)
    url = reverse("mentorship:mentorship_complete", args=[pair.pk])
    assert "confirm_open_items" not in client_as(curator).get(url).context["form"].fields
    assert client_as(curator).post(url, {"end_date": "2025-05-20"}).status_code == 302


# Feedback scores have no default


def test_the_feedback_scores_open_with_no_score_chosen(client_as, curator):
    pair = _closed(Mentorship.Status.COMPLETED)
    response = client_as(curator).get(reverse("monitoring:feedback_add", args=[pair.pk]) + "?who=mentor")
    form_ = response.context["form"]
    page = response.content.decode()
    for name in RATING_KEYS:
        assert form_.fields[name].required
        assert form_[name].value() in (None, "")
        assert [value for value, _label in form_.fields[name].choices] == [str(n) for n in range(1, 11)]
        assert f'name="{name}"' in page
    assert " checked" not in page


def test_feedback_sent_without_choosing_a_score_is_refused_at_the_field(client_as, curator):
    pair = _closed(Mentorship.Status.COMPLETED)
    url = reverse("monitoring:feedback_add", args=[pair.pk]) + "?who=mentor"
    response = client_as(curator).post(url, _answers("8", plan_fulfilment=""))
    assert response.status_code == 200
    assert response.context["form"].errors == {"plan_fulfilment": ["Выберите оценку от 1 до 10."]}
    assert not Response.objects.exists()


def test_a_score_outside_one_to_ten_is_refused():
    from monitoring.forms import ResponseForm

    questionnaire = Questionnaire.objects.get(code="satisfaction-mentor")
    bound = ResponseForm(_answers("8", expectations_met="11"), items=list(current_items(questionnaire=questionnaire)))
    assert not bound.is_valid() and "expectations_met" in bound.errors


# Pairs titled by their people


def test_a_pair_is_titled_mentor_to_mentee_with_the_class():
    mentor = StudentFactory(last_name="Иванов", first_name="Иван", patronymic="Петрович", grade=10)
    mentee = StudentFactory(last_name="Петров", first_name="Пётр", patronymic="", grade=7, class_letter="Б")
    pair = MentorshipFactory(mentor=mentor, mentees=[mentee])
    assert pair.title == "Иванов И.П. → Петров П., 7Б"
    assert str(pair) == pair.title


def test_a_group_is_titled_by_its_size_and_its_class_when_they_share_one():
    mentor = TeacherFactory(last_name="Сидорова", first_name="Анна", patronymic="")
    same = [StudentFactory(grade=5, class_letter="А") for _ in range(5)]
    assert MentorshipFactory(mentor=mentor, mentees=same).title == "Сидорова А. → группа: 5 наставляемых, 5А"
    mixed = [StudentFactory(grade=5, class_letter="А"), StudentFactory(grade=6, class_letter="В")]
    assert MentorshipFactory(mentor=mentor, mentees=mixed).title == "Сидорова А. → группа: 2 наставляемых"
    teachers = [TeacherFactory(last_name="Молодова", first_name="Ольга", patronymic="Ивановна")]
    pair = MentorshipFactory(mentor=mentor, mentees=teachers, form=form("teacher_teacher"))
    assert pair.title == "Сидорова А. → Молодова О.И."


def test_the_title_heads_the_pair_page_and_names_whom_the_meeting_form_is_for(client_as, curator):
    mentor = StudentFactory(last_name="Иванов", first_name="Иван", patronymic="", grade=10)
    mentee = StudentFactory(last_name="Петров", first_name="Пётр", patronymic="", grade=7, class_letter="Б")
    pair = MentorshipFactory(mentor=mentor, mentees=[mentee])
    client = client_as(curator)
    page = client.get(reverse("mentorship:mentorship_detail", args=[pair.pk])).content.decode()
    assert "<title>Иванов И. → Петров П., 7Б" in page
    assert '<h1 class="h3 mb-0 text-break">Иванов И. → Петров П., 7Б' in page
    meeting_page = client.get(reverse("mentorship:meeting_add", args=[pair.pk])).content.decode()
    assert '<h1 class="h3 text-break">Встреча: Иванов И. → Петров П., 7Б</h1>' in meeting_page
    assert 'aria-current="page">Встреча: Иванов И. → Петров П., 7Б</li>' in meeting_page  # the breadcrumbs


def test_the_mentors_own_list_shows_each_pair_by_its_title(client_as, mentor_user):
    mentor = StudentFactory(last_name="Иванов", first_name="Иван", patronymic="", grade=10, user=mentor_user)
    mentee = StudentFactory(last_name="Петров", first_name="Пётр", patronymic="", grade=7, class_letter="Б")
    MentorshipFactory(mentor=mentor, mentees=[mentee])
    page = client_as(mentor_user).get(reverse("mentorship:my_mentorships")).content.decode()
    assert "Иванов И. → Петров П., 7Б" in page
