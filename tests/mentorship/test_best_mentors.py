"""Best mentors of the year, marked by curators in the portal (roadmap activity 3.2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorship.models import BestMentor, Mentorship
from mentorship.services import best_mentor_save, best_mentor_unmark
from portal.navigation import navigation_for
from submissions.decorators import FIELD, submission_token_new
from tests.factories import ExternalMentorFactory, MentorshipFactory, StudentFactory, TeacherFactory, form
from tests.parallel import in_parallel, require_postgres

D = datetime.date
LIST = reverse("mentorship:best_mentor_list")
ADD = reverse("mentorship:best_mentor_add")


@pytest.fixture
def teacher_mentor(db):
    mentor = TeacherFactory(last_name="Наставникова", first_name="Ирина", patronymic="Сергеевна")
    MentorshipFactory(mentor=mentor, mentees=[TeacherFactory()], form=form("teacher_teacher"), start_date=D(2024, 9, 1))
    return mentor


def _mark(person, year=2024, citation=""):
    return best_mentor_save(award=BestMentor(), data={"person": person, "year": year, "citation": citation})


# Services


@pytest.mark.django_db
def test_a_teacher_an_external_mentor_and_a_student_who_mentored_that_year_can_be_marked(teacher_mentor):
    external = ExternalMentorFactory()
    MentorshipFactory(mentor=external, form=form("employer_student"), start_date=D(2024, 2, 1))
    student = MentorshipFactory(start_date=D(2023, 9, 1), end_date=D(2024, 5, 31), status="completed").mentor
    for person in (teacher_mentor, external, student):
        assert _mark(person).year == 2024
    assert BestMentor.objects.filter(year=2024).count() == 3


@pytest.mark.django_db
def test_someone_who_did_not_mentor_that_year_is_refused_at_the_mentor_field(teacher_mentor):
    with pytest.raises(ValidationError) as error:
        _mark(teacher_mentor, year=2023)
    assert error.value.message_dict["person"] == [
        "Наставникова Ирина Сергеевна — не наставник в 2023 году: лучшего наставника года выбирают среди наставников "
        "этого года."
    ]
    draft_only = MentorshipFactory(status=Mentorship.Status.DRAFT, start_date=D(2024, 9, 1)).mentor
    with pytest.raises(ValidationError):
        _mark(draft_only)
    assert not BestMentor.objects.exists()


@pytest.mark.django_db
def test_the_same_mentor_is_marked_once_a_year(teacher_mentor):
    _mark(teacher_mentor)
    with pytest.raises(ValidationError) as error:
        _mark(teacher_mentor)
    assert error.value.message_dict["person"] == ["Наставникова Ирина Сергеевна — уже лучший наставник 2024 года."]
    assert BestMentor.objects.count() == 1


@pytest.mark.django_db
def test_a_year_out_of_range_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        _mark(StudentFactory(), year=3000)
    assert "year" in error.value.message_dict


@pytest.mark.django_db
def test_unmarking_removes_the_mark(teacher_mentor):
    award = _mark(teacher_mentor)
    best_mentor_unmark(award=award)
    assert not BestMentor.objects.exists()


# Pages: anonymous, wrong role, right role


@pytest.mark.django_db
def test_the_list_answers_each_role(client, client_as, no_role_user, mentor_user, curator, director, teacher_mentor):
    award = _mark(teacher_mentor, citation="За поддержку молодых педагогов")
    assert client.get(LIST).status_code == 302 and "/accounts/login/" in client.get(LIST)["Location"]
    assert client_as(no_role_user).get(LIST).status_code == 404
    assert client_as(mentor_user).get(LIST).status_code == 404
    page = client_as(director).get(LIST).content.decode()
    assert "Наставникова Ирина Сергеевна" in page and "За поддержку молодых педагогов" in page
    assert ADD not in page and "Снять отметку" not in page  # the director reads
    page = client_as(curator).get(LIST).content.decode()
    assert ADD in page and "Снять отметку" in page
    assert reverse("reports:certificate_pdf", args=[award.pk]) in page  # the certificate of the reports app


@pytest.mark.django_db
def test_the_form_offers_the_years_mentors_grouped_by_kind(client_as, curator, teacher_mentor):
    response = client_as(curator).get(ADD)
    assert response.status_code == 200
    groups = dict(response.context["form"].fields["person"].choices[1:])
    assert [label for _pk, label in groups["педагог"]] == ["Наставникова Ирина Сергеевна (учитель)"]
    assert response.context["form"]["year"].value() == datetime.date.today().year


@pytest.mark.django_db
def test_a_curator_marks_a_mentor_and_a_double_click_creates_one(client_as, curator, teacher_mentor):
    client = client_as(curator)
    token = submission_token_new()
    data = {"year": 2024, "person": teacher_mentor.pk, "citation": "За наставничество", FIELD: token}
    first, second = client.post(ADD, data), client.post(ADD, data)
    assert first.status_code == second.status_code == 302
    assert BestMentor.objects.get().citation == "За наставничество"
    again = client.post(ADD, {**data, FIELD: submission_token_new()})
    assert again.status_code == 200, again.get("Location")
    assert again.context["form"].errors["person"] == ["Наставникова Ирина Сергеевна — уже лучший наставник 2024 года."]
    assert BestMentor.objects.count() == 1


@pytest.mark.django_db
def test_the_director_and_the_mentor_cannot_mark_or_unmark(client_as, director, mentor_user, teacher_mentor):
    award = _mark(teacher_mentor)
    data = {"year": 2024, "person": teacher_mentor.pk, FIELD: submission_token_new()}
    assert client_as(director).post(ADD, data).status_code == 403
    assert client_as(mentor_user).post(ADD, data).status_code == 404
    remove = reverse("mentorship:best_mentor_remove", args=[award.pk])
    assert client_as(director).post(remove).status_code == 403
    assert client_as(mentor_user).post(remove).status_code == 404
    assert BestMentor.objects.count() == 1


@pytest.mark.django_db
def test_a_curator_takes_a_mark_back_by_post_only(client_as, curator, teacher_mentor):
    award = _mark(teacher_mentor)
    remove = reverse("mentorship:best_mentor_remove", args=[award.pk])
    client = client_as(curator)
    assert client.get(remove).status_code == 405
    assert BestMentor.objects.count() == 1
    assert client.post(remove)["Location"] == LIST
    assert not BestMentor.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [("curator", True), ("director", True), ("admin_user_role", True), ("mentor_user", False), ("no_role_user", False)],
)
def test_the_navigation_offers_the_page_to_whom_it_opens(request, client_as, role, shown):
    user = request.getfixturevalue(role)
    assert (LIST in [item.url for item in navigation_for(user)]) is shown
    if shown:
        assert client_as(user).get(LIST).status_code == 200


@pytest.mark.django_db
def test_the_list_takes_a_fixed_number_of_queries(client_as, curator, teacher_mentor, django_assert_num_queries):
    _mark(teacher_mentor)
    client = client_as(curator)
    client.get(LIST)
    with django_assert_num_queries(7) as captured:  # session, user, permissions, the bell, the marks in one
        client.get(LIST)
    for _ in range(3):
        other = TeacherFactory()
        MentorshipFactory(
            mentor=other, mentees=[TeacherFactory()], form=form("teacher_teacher"), start_date=D(2024, 1, 9)
        )
        _mark(other)
    with django_assert_num_queries(len(captured)):
        client.get(LIST)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_marks_of_the_same_mentor_at_once_make_one(curator, teacher_mentor):
    require_postgres()
    responses = in_parallel(
        4,
        lambda client, i: client.post(ADD, {"year": 2024, "person": teacher_mentor.pk, FIELD: submission_token_new()}),
        user=curator,
    )
    assert BestMentor.objects.count() == 1
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 302]
