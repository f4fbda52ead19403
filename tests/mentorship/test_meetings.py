"""Meetings planned and held: the pair's dates, the state, marking held, cancelling, the held-only counts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorship.models import Meeting, Mentorship
from mentorship.rules import meeting_errors
from mentorship.selectors import my_mentorships_list
from mentorship.services import meeting_cancel, meeting_log, meeting_mark_held
from tests.factories import MentorshipFactory, StudentFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)  # Monday 02.03.2026, 13:00 in Kirov


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _pair(**kwargs):
    kwargs.setdefault("start_date", D(2025, 9, 1))
    return MentorshipFactory(**kwargs)


def _log(mentorship, day, status=Meeting.Status.HELD, topic="Разбор задач"):
    return meeting_log(mentorship=mentorship, data={"date": day, "status": status, "topic": topic})


def _date_errors(error):
    return error.value.message_dict.get("date", [])


def test_a_held_meeting_on_the_start_date_is_accepted():
    meeting = _log(_pair(), D(2025, 9, 1))
    assert meeting.status == Meeting.Status.HELD


def test_a_meeting_the_day_before_the_start_is_refused_at_the_date_field():
    with pytest.raises(ValidationError) as error:
        _log(_pair(), D(2025, 8, 31))
    assert _date_errors(error) == ["Наставничество началось 01.09.2025: встреча не может быть раньше."]
    assert not Meeting.objects.exists()


def test_a_planned_meeting_the_day_before_the_start_is_refused_too():
    pair = _pair(start_date=D(2026, 3, 10))
    with pytest.raises(ValidationError) as error:
        _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED)
    assert _date_errors(error) == ["Наставничество началось 10.03.2026: встреча не может быть раньше."]


def test_a_meeting_after_the_end_is_refused_planned_or_held():
    pair = _pair(end_date=D(2026, 2, 27))  # an active pair whose end date is already set
    with pytest.raises(ValidationError) as error:
        _log(pair, D(2026, 2, 28))
    assert _date_errors(error) == ["Наставничество закончилось 27.02.2026: встреча не может быть позже."]
    later = _pair(end_date=D(2026, 5, 31))
    with pytest.raises(ValidationError) as error:
        _log(later, D(2026, 6, 1), Meeting.Status.PLANNED)
    assert _date_errors(error) == ["Наставничество закончилось 31.05.2026: встреча не может быть позже."]
    assert _log(later, D(2026, 5, 31), Meeting.Status.PLANNED).date == D(2026, 5, 31)  # the end date itself is in


def test_a_held_meeting_in_the_future_is_refused_and_today_is_accepted():
    pair = _pair()
    with pytest.raises(ValidationError) as error:
        _log(pair, D(2026, 3, 3))
    assert _date_errors(error) == ["Встреча записывается после того, как состоялась: дата в будущем."]
    assert _log(pair, D(2026, 3, 2)).date == D(2026, 3, 2)


def test_a_planned_meeting_in_the_future_is_accepted_and_one_in_the_past_is_refused():
    pair = _pair()
    assert _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED).status == Meeting.Status.PLANNED
    assert _log(pair, D(2026, 3, 2), Meeting.Status.PLANNED).status == Meeting.Status.PLANNED  # today
    with pytest.raises(ValidationError) as error:
        _log(pair, D(2026, 3, 1), Meeting.Status.PLANNED)
    assert "Запланированная встреча ещё впереди" in _date_errors(error)[0]


def test_the_rule_refuses_a_date_out_of_the_portals_range_without_a_500():
    errors = meeting_errors(mentorship=_pair(), day=D(1, 1, 1), status=Meeting.Status.PLANNED)
    assert errors == {"date": ["Дата должна быть в пределах от 01.01.1900 до 31.12.2999."]}


def test_existing_meetings_are_held_by_default():
    meeting = Meeting.objects.create(mentorship=_pair(), date=D(2026, 1, 15), topic="Записана до планирования")
    assert meeting.status == Meeting.Status.HELD


def test_a_planned_meeting_is_marked_held_once_with_its_notes():
    pair = _pair()
    meeting = _log(pair, D(2026, 3, 2), Meeting.Status.PLANNED)
    held = meeting_mark_held(
        meeting=meeting, data={"date": D(2026, 3, 2), "format": "online", "topic": "Разбор", "notes": "Договорились"}
    )
    assert (held.status, held.notes) == (Meeting.Status.HELD, "Договорились")
    with pytest.raises(ValidationError) as error:
        meeting_mark_held(meeting=meeting, data={"notes": "Второй раз"})
    assert error.value.messages == ["Эта встреча уже проведена."]
    meeting.refresh_from_db()
    assert meeting.notes == "Договорились"


def test_a_planned_meeting_cannot_be_marked_held_before_it_takes_place():
    meeting = _log(_pair(), D(2026, 3, 9), Meeting.Status.PLANNED)
    with pytest.raises(ValidationError) as error:
        meeting_mark_held(meeting=meeting, data={"date": D(2026, 3, 9)})
    assert _date_errors(error) == ["Встреча записывается после того, как состоялась: дата в будущем."]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_cancelled_meeting_stays_in_the_journal_and_cannot_be_marked_held():
    meeting = _log(_pair(), D(2026, 3, 9), Meeting.Status.PLANNED)
    assert meeting_cancel(meeting=meeting).status == Meeting.Status.CANCELLED
    with pytest.raises(ValidationError) as error:
        meeting_mark_held(meeting=meeting, data={"date": D(2026, 3, 2)})
    assert error.value.messages == ["Эта встреча уже отменена."]


def test_the_mentors_count_of_meetings_counts_held_ones_only():
    pair = _pair()
    _log(pair, D(2026, 2, 20))
    _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED)
    meeting_cancel(meeting=_log(pair, D(2026, 3, 5), Meeting.Status.PLANNED))
    (mine,) = my_mentorships_list(pair.mentor, D(2026, 3, 2))
    assert mine.held_meetings == 1  # the planned and the cancelled ones are not counted
    assert mine.next_meeting == D(2026, 3, 9)
    assert Meeting.objects.held().count() == 1


def test_the_mentor_plans_a_meeting_on_the_page_and_marks_it_held_afterwards(client_as, mentor_user):
    mentor = StudentFactory(grade=11, user=mentor_user)
    pair = _pair(mentor=mentor)
    client = client_as(mentor_user)
    form_page = client.get(reverse("mentorship:meeting_add", args=[pair.pk]))
    assert form_page.context["form"]["status"].value() == "planned"  # planning is what the mentor does first
    response = client.post(
        reverse("mentorship:meeting_add", args=[pair.pk]),
        {"status": "planned", "date": "2026-03-09", "format": "in_person", "topic": "Проект"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PLANNED and meeting.created_by == mentor_user
    page = client.get(reverse("mentorship:mentorship_detail", args=[pair.pk])).content.decode()
    assert reverse("mentorship:meeting_held", args=[pair.pk, meeting.pk]) in page
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(mentor_user)
        held_url = reverse("mentorship:meeting_held", args=[pair.pk, meeting.pk])
        assert client.get(held_url).context["form"]["date"].value() == D(2026, 3, 9)
        response = client.post(
            held_url, {"date": "2026-03-09", "format": "in_person", "topic": "Проект", "notes": "Собрали план"}
        )
        assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.notes) == (Meeting.Status.HELD, "Собрали план")


def test_a_future_date_for_a_held_meeting_is_refused_at_the_date_field_on_the_page(client_as, curator):
    pair = _pair()
    response = client_as(curator).post(
        reverse("mentorship:meeting_add", args=[pair.pk]),
        {"status": "held", "date": "2026-03-09", "format": "in_person", "topic": "Проект"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Встреча записывается после того, как состоялась: дата в будущем."
    ]
    assert not Meeting.objects.exists()


def test_marking_someone_elses_meeting_held_answers_404(client_as, mentor_user):
    StudentFactory(grade=11, user=mentor_user)
    other = _pair()
    meeting = _log(other, D(2026, 3, 9), Meeting.Status.PLANNED)
    client = client_as(mentor_user)
    assert client.get(reverse("mentorship:meeting_held", args=[other.pk, meeting.pk])).status_code == 404
    assert client.post(reverse("mentorship:meeting_cancel", args=[other.pk, meeting.pk])).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_meeting_of_another_pair_is_not_found_through_this_pairs_address(client_as, curator):
    pair, other = _pair(), _pair()
    meeting = _log(other, D(2026, 3, 9), Meeting.Status.PLANNED)
    response = client_as(curator).get(reverse("mentorship:meeting_held", args=[pair.pk, meeting.pk]))
    assert response.status_code == 404


def test_the_director_cannot_cancel_a_planned_meeting(client_as, director):
    pair = _pair()
    meeting = _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED)
    assert client_as(director).post(reverse("mentorship:meeting_cancel", args=[pair.pk, meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_the_pair_page_shows_planned_meetings_apart_from_the_journal(client_as, curator):
    pair = _pair()
    _log(pair, D(2026, 2, 20), topic="Прошедшая")
    _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED, topic="Будущая")
    response = client_as(curator).get(reverse("mentorship:mentorship_detail", args=[pair.pk]))
    assert [m.topic for m in response.context["planned_meetings"]] == ["Будущая"]
    assert [m.topic for m in response.context["meetings"]] == ["Прошедшая"]


def test_the_pair_page_and_my_mentorships_take_a_fixed_number_of_queries(
    client_as, mentor_user, django_assert_num_queries
):
    mentor = StudentFactory(grade=11, user=mentor_user)
    for _ in range(3):
        pair = _pair(mentor=mentor, mentees=[StudentFactory(), StudentFactory()])
        _log(pair, D(2026, 2, 20))
        _log(pair, D(2026, 3, 9), Meeting.Status.PLANNED)
    client = client_as(mentor_user)
    client.get(reverse("mentorship:my_mentorships"))  # the session and the user are loaded once
    url = reverse("mentorship:mentorship_detail", args=[pair.pk])
    client.get(url)
    # The session, the user and their permissions, the person behind the account, then the pair with its
    # people, plans and items, meetings and feedback, each loaded once whatever their number.
    with django_assert_num_queries(13):  # + the bell
        client.get(url)
    _log(pair, D(2026, 2, 21))
    _log(pair, D(2026, 3, 10), Meeting.Status.PLANNED)
    with django_assert_num_queries(13):
        client.get(url)
    with django_assert_num_queries(9):
        client.get(reverse("mentorship:my_mentorships"))
    _pair(mentor=mentor, mentees=[StudentFactory()])
    with django_assert_num_queries(9):  # one more pair: no more queries
        client.get(reverse("mentorship:my_mentorships"))


def test_a_mentorship_status_is_neuter_in_russian():
    labels = {status: label for status, label in Mentorship.Status.choices}
    assert [str(labels[s]) for s in ("draft", "active", "completed", "terminated", "cancelled")] == [
        "черновик",
        "активно",
        "завершено",
        "прекращено досрочно",
        "отменено",
    ]
    assert str(dict(Meeting.Status.choices)["planned"]) == "запланирована"
