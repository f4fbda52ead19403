import datetime

import pytest

from mentorship.models import Mentorship
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory

from .factories import december_scenario, normalised, pdf_text

pytestmark = pytest.mark.django_db


def _pdf(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    return normalised(pdf_text(response.content))


def test_individual_plan_pdf_has_the_mentee_the_mentor_and_the_items(client_as, curator):
    scenario = december_scenario()
    plan = scenario.student_pair.plans.get()
    text = _pdf(client_as(curator).get(f"/reports/forms/plan/{plan.pk}/"))
    assert "Индивидуальный план осуществления наставничества" in text
    assert "Подопечная Алиса Ивановна" in text
    assert scenario.student_pair.mentor.full_name in text
    assert "Подготовка к олимпиаде по математике" in text
    assert "Разобрать задачи муниципального этапа" in text and "01.12.2024" in text
    assert "План выполнен на 50 %." in text


def test_a_mentor_prints_only_their_own_plans_and_feedback_forms(client_as, mentor_user):
    own_person = TeacherFactory(user=mentor_user)
    own = MentorshipFactory(mentor=own_person, mentees=[StudentFactory(last_name="Своя")])
    other = MentorshipFactory(mentees=[StudentFactory(last_name="Чужая")])
    client = client_as(mentor_user)
    assert "Своя" in _pdf(client.get(f"/reports/forms/plan/{own.plans.get().pk}/"))
    assert client.get(f"/reports/forms/plan/{other.plans.get().pk}/").status_code == 404
    assert "Своя" in _pdf(client.get(f"/reports/forms/feedback/{own.pk}/"))
    assert client.get(f"/reports/forms/feedback/{other.pk}/").status_code == 404


def test_accounts_without_a_role_get_404_for_plans_and_anonymous_the_login_page(client, client_as, no_role_user):
    pair = MentorshipFactory()
    url = f"/reports/forms/plan/{pair.plans.get().pk}/"
    assert client.get(url).status_code == 302
    assert client_as(no_role_user).get(url).status_code == 404


def test_feedback_form_shows_the_entered_ratings_of_each_participant(client_as, curator):
    scenario = december_scenario()
    text = _pdf(client_as(curator).get(f"/reports/forms/feedback/{scenario.teacher_pair.pk}/"))
    assert text.count("Отзыв о результатах наставничества") == 2  # the mentor's and the mentee's
    assert "Наставникова Ирина Сергеевна" in text and "Молодцова" in text
    assert "Ожидаемая эффективность программы 9" in text
    assert "Ожидаемая эффективность программы 6" in text
    assert "Открытые уроки" in text


def test_order_list_lists_the_pairs_running_on_the_date_or_started_in_a_year(client_as, curator, director):
    scenario = december_scenario()
    MentorshipFactory(status=Mentorship.Status.DRAFT, mentor=StudentFactory(last_name="Черновиков"))
    text = _pdf(client_as(director).get("/reports/forms/order-list/", {"date": "2024-10-01"}))
    assert "Список наставнических пар и групп" in text and "на 01.10.2024" in text
    assert "Подопечная Алиса Ивановна" in text
    assert "Уехавший" in text  # terminated on 15.10.2024: still running on 01.10
    assert "Черновиков" not in text
    assert "Всего 4 пары или группы." in text
    later = _pdf(client_as(curator).get("/reports/forms/order-list/", {"date": "2024-12-01"}))
    assert "Уехавший" not in later and "Всего 2 пары или группы." in later
    year = _pdf(client_as(curator).get("/reports/forms/order-list/", {"year": "2024"}))
    assert "начавших работу в 2024 году" in year and "Всего 4 пары или группы." in year
    assert scenario.teacher_pair.mentor.full_name in year


def test_certificate_names_the_best_mentor_of_the_year(client_as, curator):
    scenario = december_scenario()
    text = _pdf(client_as(curator).get(f"/reports/forms/certificate/{scenario.best.pk}/"))
    assert "БЛАГОДАРНОСТЬ" in text
    assert "объявляется Наставниковой Ирине Сергеевне, учителю, лучшему наставнику 2024 года" in text
    assert "За поддержку молодых педагогов" in text


def test_order_list_and_certificates_are_for_staff_only(client_as, mentor_user):
    scenario = december_scenario()
    client = client_as(mentor_user)
    assert client.get("/reports/forms/order-list/").status_code == 403
    assert client.get(f"/reports/forms/certificate/{scenario.best.pk}/").status_code == 403


def test_order_list_defaults_to_today(client_as, curator):
    MentorshipFactory(start_date=datetime.date(2024, 1, 10), mentees=[StudentFactory(last_name="Сегодняшняя")])
    text = _pdf(client_as(curator).get("/reports/forms/order-list/"))
    assert "Сегодняшняя" in text
