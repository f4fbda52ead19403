"""The pair page's feedback is the satisfaction questionnaire: the curator types a paper one in for any
participant, the pair's mentor answers her own in the portal; individual answers are shown to curators and
administrators, to a mentor only her own, to the director none."""

import datetime

import pytest
from django.urls import reverse

from mentorship.models import Mentorship
from monitoring.models import Response
from monitoring.selectors import RATING_KEYS
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory
from tests.reports.factories import feedback

pytestmark = pytest.mark.django_db

ANSWERS = {**dict.fromkeys(RATING_KEYS, "8"), "would_continue": "yes", "would_become_mentor": "no"}


@pytest.fixture
def pair(mentor_user):
    mentor = TeacherFactory(user=mentor_user)
    return MentorshipFactory(
        mentor=mentor,
        mentees=[StudentFactory(last_name="Смирнова")],
        status=Mentorship.Status.COMPLETED,
        end_date=datetime.date(2024, 5, 20),
    )


def test_the_curator_types_in_a_mentees_paper_questionnaire(client_as, curator, pair):
    mentee = pair.mentees.get()
    url = reverse("monitoring:feedback_add", args=[pair.pk])
    page = client_as(curator).get(url).content.decode()
    assert f"?who={mentee.pk}" in page and "?who=mentor" in page
    response = client_as(curator).post(f"{url}?who={mentee.pk}", {**ANSWERS, "valuable": "Помогли с алгеброй"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.role, saved.person, saved.channel, saved.entered_by) == ("mentee", mentee, "paper", curator)
    again = client_as(curator).post(f"{url}?who={mentee.pk}", ANSWERS)
    assert "Этот отзыв уже внесён." in again.content.decode() and Response.objects.count() == 1


def test_the_mentor_answers_her_own_questionnaire_in_the_portal_once(client_as, mentor_user, pair):
    client = client_as(mentor_user)
    url = reverse("monitoring:feedback_add", args=[pair.pk])
    mentee = pair.mentees.get()
    assert client.post(f"{url}?who={mentee.pk}", ANSWERS).status_code == 302  # `who` is ignored: her own
    saved = Response.objects.get()
    assert (saved.role, saved.person, saved.channel) == ("mentor", pair.mentor, "portal")
    detail = client.get(reverse("mentorship:mentorship_detail", args=[pair.pk])).content.decode()
    assert url not in detail  # answered: no second button


def test_an_open_pair_takes_no_feedback_and_the_director_enters_none(client_as, curator, director, pair):
    url = reverse("monitoring:feedback_add", args=[pair.pk])
    assert client_as(director).get(url).status_code == 403
    assert client_as(director).post(f"{url}?who=mentor", ANSWERS).status_code == 403
    open_pair = MentorshipFactory()
    response = client_as(curator).post(reverse("monitoring:feedback_add", args=[open_pair.pk]) + "?who=mentor")
    assert response.status_code == 302 and not Response.objects.exists()


def test_the_pair_page_shows_every_answer_to_the_curator_her_own_to_the_mentor_none_to_the_director(
    client_as, curator, director, mentor_user, pair
):
    feedback(pair, "mentor", value=9, valuable="Мой отзыв наставника")
    feedback(pair, "mentee", mentee=pair.mentees.get(), value=4, valuable="Отзыв ученицы")
    url = reverse("mentorship:mentorship_detail", args=[pair.pk])
    as_curator = client_as(curator).get(url).content.decode()
    assert "Мой отзыв наставника" in as_curator and "Отзыв ученицы" in as_curator
    as_mentor = client_as(mentor_user).get(url).content.decode()
    assert "Мой отзыв наставника" in as_mentor and "Отзыв ученицы" not in as_mentor
    as_director = client_as(director).get(url).content.decode()
    assert "Мой отзыв наставника" not in as_director and "Отзыв ученицы" not in as_director
    assert "Ответы отдельных участников видят только кураторы" in as_director


def test_the_printed_form_carries_the_answers_only_for_whom_may_read_them(client_as, curator, director, pair):
    feedback(pair, "mentee", mentee=pair.mentees.get(), value=4, valuable="Отзыв ученицы")
    from tests.reports.test_printable_forms import _pdf

    url = reverse("reports:feedback_pdf", args=[pair.pk])
    assert "Отзыв ученицы" in _pdf(client_as(curator).get(url))
    assert "Отзыв ученицы" not in _pdf(client_as(director).get(url))
