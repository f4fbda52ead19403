"""Choosing people in the mentorship form: the search endpoint, the no-JavaScript «Find», the page's size,
role models by form, curators by full name, «Assign a mentor» on a card and groups labelled in the lists."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.models import Mentorship, MentorshipForm, Organization, Person
from mentorship.purge import student_purge
from portal.roles import CURATOR
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    category,
    form,
)

pytestmark = pytest.mark.django_db
D = datetime.date
SEARCH = "mentorship:people_search"
PAGE_LIMIT_BYTES = 60 * 1024


def _search(client, **params):
    response = client.get(reverse(SEARCH), params)
    assert response.status_code == 200, response.status_code
    return response.json()


def _names(data):
    return [r["name"] for r in data["results"]]


def _pk(form_code):
    return form(form_code).pk


# --- Access ------------------------------------------------------------------------------------------


def test_a_guest_asking_the_people_search_is_sent_to_the_login_page(client):
    response = client.get(reverse(SEARCH), {"q": "Ив"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "status"), [("no_role_user", 404), ("mentor_user", 404), ("director", 403)])
def test_the_people_search_is_refused_to_anyone_but_the_curators(request, client_as, role, status):
    StudentFactory(last_name="Петрова")
    response = client_as(request.getfixturevalue(role)).get(reverse(SEARCH), {"q": "Петрова"})
    assert response.status_code == status
    assert "Петрова" not in response.content.decode()


@pytest.mark.parametrize("role", ["curator", "admin_user_role"])
def test_curators_and_administrators_search_people_as_json(request, client_as, role):
    StudentFactory(last_name="Петрова", first_name="Ольга", patronymic="", grade=7, class_letter="Б")
    response = client_as(request.getfixturevalue(role)).get(reverse(SEARCH), {"q": "Петрова", "role": "mentee"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["results"] == [
        {
            "value": str(Person.objects.get().pk),
            "text": "Петрова Ольга (7Б)",
            "name": "Петрова Ольга",
            "detail": "7Б",
            "free": None,
        }
    ]
    assert data["more"] is False


def test_the_people_search_answers_only_get(client_as, curator):
    assert client_as(curator).post(reverse(SEARCH), {"q": "Ив"}).status_code == 405


@pytest.mark.parametrize(
    "params", [{"role": "director"}, {"form": "abc"}, {"form": "999999"}, {"role": "mentee", "category": "x"}]
)
def test_a_made_up_parameter_of_the_people_search_answers_404_not_500(client_as, curator, params):
    assert client_as(curator).get(reverse(SEARCH), params).status_code == 404


# --- What is found -----------------------------------------------------------------------------------


@pytest.fixture
def everyone():
    educational = OrganizationFactory(kind=Organization.Kind.EDUCATIONAL, name="ВятГУ")
    return {
        "student": StudentFactory(last_name="Смирнова", grade=10),
        "teacher": TeacherFactory(last_name="Смирнов", position="учитель физики"),
        "employer": ExternalMentorFactory(last_name="Смирновский"),
        "university": ExternalMentorFactory(last_name="Смирнягин", organization=educational),
    }


@pytest.mark.parametrize(
    ("form_code", "role", "expected"),
    [
        ("student_student", "mentor", {"student"}),
        ("student_student", "mentee", {"student"}),
        ("teacher_teacher", "mentor", {"teacher"}),
        ("teacher_teacher", "mentee", {"teacher"}),
        ("employer_student", "mentor", {"employer"}),
        ("employer_student", "mentee", {"student"}),
        ("university_student", "mentor", {"university"}),
        ("university_student", "mentee", {"student"}),
        (None, "mentor", {"student", "teacher", "employer", "university"}),
        (None, "mentee", {"student", "teacher"}),
    ],
)
def test_the_search_offers_only_whom_the_chosen_forms_roles_accept(
    client_as, curator, everyone, form_code, role, expected
):
    params = {"role": role, "q": "Смирн"}
    if form_code:
        params["form"] = _pk(form_code)
    data = _search(client_as(curator), **params)
    assert set(_names(data)) == {everyone[key].full_name for key in expected}


def test_the_search_shows_the_post_or_the_organisation_of_a_mentor(client_as, curator, everyone):
    data = _search(client_as(curator), role="mentor", q="Смирн")
    details = {r["name"]: r["detail"] for r in data["results"]}
    assert details[everyone["teacher"].full_name] == "учитель физики"
    assert details[everyone["university"].full_name] == "ВятГУ"
    assert details[everyone["student"].full_name] == "10А"


def test_a_class_in_the_query_finds_the_students_of_that_class(client_as, curator):
    seven_b = [StudentFactory(grade=7, class_letter="Б"), StudentFactory(grade=7, class_letter="Б")]
    StudentFactory(grade=7, class_letter="А")
    StudentFactory(grade=8, class_letter="Б")
    client = client_as(curator)
    assert set(_names(_search(client, role="mentee", q="7б"))) == {p.full_name for p in seven_b}
    assert len(_search(client, role="mentee", q="7")["results"]) == 3
    named = _search(client, role="mentee", q=f"7Б {seven_b[0].last_name}")
    assert _names(named) == [seven_b[0].full_name]


def test_a_category_narrows_the_mentees_to_its_students_and_is_never_shown(client_as, curator):
    gifted = StudentFactory(last_name="Одарённая", categories=[category("outstanding")])
    StudentFactory(last_name="Обычная")
    data_raw = client_as(curator).get(
        reverse(SEARCH), {"role": "mentee", "q": "О", "category": category("outstanding").pk}
    )
    assert [r["name"] for r in data_raw.json()["results"]] == [gifted.full_name]
    content = data_raw.content.decode("unicode_escape") if b"\\u" in data_raw.content else data_raw.content.decode()
    assert "одарённые" not in content and "outstanding" not in content
    assert set(data_raw.json()["results"][0]) == {"value", "text", "name", "detail", "free"}


def test_a_mentor_shows_the_free_places_and_a_full_mentor_can_be_left_out(client_as, curator, settings):
    settings.MENTOR_MAX_MENTEES = 3
    full = StudentFactory(last_name="Занятая", grade=10)
    MentorshipFactory(mentor=full, mentees=[StudentFactory(), StudentFactory()])
    MentorshipFactory(mentor=full, mentees=[StudentFactory()])
    MentorshipFactory(
        mentor=full, mentees=[StudentFactory()], status=Mentorship.Status.COMPLETED, end_date=D(2022, 1, 1)
    )
    half = StudentFactory(last_name="Занятова", grade=10)
    MentorshipFactory(mentor=half, mentees=[StudentFactory()])
    client = client_as(curator)
    data = _search(client, role="mentor", q="Занят")
    assert {r["name"]: r["free"] for r in data["results"]} == {full.full_name: 0, half.full_name: 2}
    assert _names(_search(client, role="mentor", q="Занят", free="1")) == [half.full_name]


def test_people_who_left_or_whose_data_were_destroyed_are_not_offered(client_as, curator, admin_user_role):
    StudentFactory(last_name="Ушедшая", date_left=D(2023, 6, 1))
    gone = StudentFactory(last_name="Удалённая")
    student_purge(person=gone, withdrawn_on=D(2024, 1, 10), user=admin_user_role)
    stays = StudentFactory(last_name="Учащаяся")
    assert _names(_search(client_as(curator), role="mentee", q="У")) == [stays.full_name]


def test_the_search_gives_twenty_people_at_most_and_says_there_are_more(client_as, curator):
    for _ in range(25):
        StudentFactory()
    data = _search(client_as(curator), role="mentee", q="Ученикова")
    assert len(data["results"]) == 20
    assert data["more"] is True


def test_the_search_costs_the_same_queries_for_one_person_found_and_for_twenty(client_as, curator):
    client = client_as(curator)
    StudentFactory(last_name="Единственная")
    for _ in range(25):
        MentorshipFactory(mentor=StudentFactory(last_name="Многая", grade=10))
    counts = []
    for query in ("Единственная", "Многая"):
        reset_queries()  # the test client's request resets the log: start each count from an empty one
        with CaptureQueriesContext(connection) as queries:
            data = _search(client, role="mentor", q=query)
        counts.append((len(data["results"]), len(queries)))
    assert counts[0][0] == 1 and counts[1][0] == 20
    assert counts[0][1] == counts[1][1] > 0, counts


def test_typing_e_finds_the_name_written_with_yo_and_back(client_as, curator):
    kiselyova = StudentFactory(last_name="Киселёва", first_name="Алёна")
    client = client_as(curator)
    assert _names(_search(client, role="mentee", q="киселева")) == [kiselyova.full_name]
    assert _names(_search(client, role="mentee", q="Алена")) == [kiselyova.full_name]
    assert _names(_search(client, role="mentee", q="КИСЕЛЁВА ал")) == [kiselyova.full_name]


def test_the_search_matches_the_beginnings_of_words_not_their_insides(client_as, curator):
    ivanov = StudentFactory(last_name="Иванов", first_name="Пётр", patronymic="Сергеевич")
    petrova = StudentFactory(last_name="Петрова", first_name="Анна", patronymic="Ивановна")
    client = client_as(curator)
    assert _names(_search(client, role="mentee", q="иванов")) == [ivanov.full_name]
    assert _names(_search(client, role="mentee", q="ванов")) == []
    assert _names(_search(client, role="mentee", q="ив п")) == [ivanov.full_name]
    assert _names(_search(client, role="mentee", q="ивановна")) == [petrova.full_name]  # a whole patronymic
    assert _names(_search(client, role="mentee", q="пет")) == [ivanov.full_name, petrova.full_name]  # ё = е


# --- The form without JavaScript and its size --------------------------------------------------------


def _person_options(html, field):
    match = re.search(rf'<select name="{field}".*?</select>', html, re.S)
    assert match, field
    return re.findall(r'<option value="(\d+)"', match.group(0))


def _registry(students=600, teachers=300):
    Person.objects.bulk_create(
        [
            Person(
                kind=Person.Kind.STUDENT,
                last_name=f"Ученик{i:03d}",
                first_name="Иван",
                patronymic="Петрович",
                grade=1 + i % 11,
                class_letter="АБВ"[i % 3],
            )
            for i in range(students)
        ]
        + [
            Person(
                kind=Person.Kind.TEACHER,
                last_name=f"Педагог{i:03d}",
                first_name="Анна",
                patronymic="Сергеевна",
                position="учитель",
            )
            for i in range(teachers)
        ]
    )


def test_the_pair_form_on_a_registry_of_900_people_ships_no_list_of_them_and_stays_under_60_kb(client_as, curator):
    _registry()
    response = client_as(curator).get(reverse("mentorship:mentorship_create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < PAGE_LIMIT_BYTES, len(response.content)
    assert _person_options(html, "mentor") == []
    assert _person_options(html, "mentees") == []
    assert 'name="mentor_search"' in html and 'name="find" value="mentor"' in html


def test_a_find_on_the_pair_form_with_900_people_stays_under_60_kb(client_as, curator):
    _registry()
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"),
        {"find": "mentees", "mentee_search": "7", "form": _pk("student_student")},
    )
    assert response.status_code == 200
    assert len(_person_options(response.content.decode(), "mentees")) == 20
    assert len(response.content) < PAGE_LIMIT_BYTES, len(response.content)


def test_without_javascript_find_reloads_the_form_with_the_people_found_and_saves_nothing(client_as, curator):
    mentor = StudentFactory(last_name="Наставникова", grade=10)
    StudentFactory(last_name="Другова", grade=10)
    teacher = TeacherFactory(last_name="Наставников")
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"),
        {
            "find": "mentor",
            "mentor_search": "Наставник",
            "form": _pk("student_student"),
            "goal": "Сдать ОГЭ",
            "submission_token": "t" * 32,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _person_options(html, "mentor") == [str(mentor.pk)]  # the teacher is not a student–student mentor
    assert str(teacher.pk) not in _person_options(html, "mentor")
    assert "Сдать ОГЭ" in html  # what was typed stays
    assert "is-invalid" not in html  # a search is not a failed save
    assert "Найден 1" in html
    assert Mentorship.objects.count() == 0


def test_without_javascript_the_mentees_found_join_the_ones_already_chosen(client_as, curator):
    chosen = StudentFactory(last_name="Выбранная", grade=7)
    found = StudentFactory(last_name="Найденная", grade=7)
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"),
        {"find": "mentees", "mentee_search": "Найденная", "mentees": [chosen.pk]},
    )
    html = response.content.decode()
    assert _person_options(html, "mentees") == [str(chosen.pk), str(found.pk)]
    assert re.search(rf'<option value="{chosen.pk}" selected>', html)


def test_a_search_that_finds_nobody_says_so_in_russian(client_as, curator):
    response = client_as(curator).post(
        reverse("mentorship:mentorship_create"), {"find": "mentor", "mentor_search": "Несуществующий"}
    )
    assert "Никто не найден" in response.content.decode()


def test_the_pair_chosen_after_a_find_is_saved_once(client_as, curator):
    mentor = StudentFactory(last_name="Наставникова", grade=10)
    mentee = StudentFactory(last_name="Подопечная", grade=7)
    client = client_as(curator)
    client.post(reverse("mentorship:mentorship_create"), {"find": "mentor", "mentor_search": "Наставникова"})
    response = client.post(
        reverse("mentorship:mentorship_create"),
        {
            "form": _pk("student_student"),
            "mentor": mentor.pk,
            "mentees": [mentee.pk],
            "start_date": "2024-09-02",
            "status": "draft",
            "mentor_search": "Наставникова",
        },
    )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert (mentorship.mentor, list(mentorship.mentees.all())) == (mentor, [mentee])


def test_the_edit_form_shows_the_current_mentor_and_mentees_only(client_as, curator):
    _registry(students=50, teachers=10)
    mentorship = MentorshipFactory()
    html = client_as(curator).get(reverse("mentorship:mentorship_edit", args=[mentorship.pk])).content.decode()
    assert _person_options(html, "mentor") == [str(mentorship.mentor_id)]
    assert _person_options(html, "mentees") == [str(p.pk) for p in mentorship.mentees.all()]


def test_the_form_page_loads_tom_select_from_the_portal_and_no_inline_script(client_as, curator):
    html = client_as(curator).get(reverse("mentorship:mentorship_create")).content.decode()
    assert "/static/vendor/tom-select/js/tom-select.popular.min.js" in html
    assert "/static/js/person-picker.js" in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


# --- Role models, curators, the card's button, groups ------------------------------------------------


def test_role_models_are_grouped_by_their_form(client_as, curator):
    html = client_as(curator).get(reverse("mentorship:mentorship_create")).content.decode()
    select = re.search(r'<select name="role_model".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == [f.name for f in MentorshipForm.objects.all()]
    teacher_group = re.search(r'<optgroup label="учитель–учитель">(.*?)</optgroup>', select, re.S).group(1)
    assert "опытный педагог – молодой специалист" in teacher_group
    assert "успевающий – неуспевающий" not in teacher_group


def test_the_curator_field_lists_the_curators_by_full_name_and_no_administrator(
    client_as, curator, admin_user_role, director
):
    admin_user_role.username = "admin"
    admin_user_role.save()
    nameless = UserFactory(username="kurator2", first_name="", last_name="")
    nameless.groups.add(Group.objects.get(name=CURATOR))
    html = client_as(curator).get(reverse("mentorship:mentorship_create")).content.decode()
    select = re.search(r'<select name="curator".*?</select>', html, re.S).group(0)
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    assert sorted(labels) == sorted([curator.get_full_name(), "kurator2"])
    assert "admin" not in labels and director.get_full_name() not in labels


def test_the_curator_is_chosen_by_default_on_a_new_mentorship(client_as, curator):
    html = client_as(curator).get(reverse("mentorship:mentorship_create")).content.decode()
    assert re.search(rf'<option value="{curator.pk}" selected>{re.escape(curator.get_full_name())}</option>', html)


@pytest.mark.parametrize(("role", "shown"), [("curator", True), ("admin_user_role", True), ("director", False)])
def test_the_assign_a_mentor_button_on_a_students_card_is_for_those_who_create_pairs(request, client_as, role, shown):
    student = StudentFactory()
    html = (
        client_as(request.getfixturevalue(role))
        .get(reverse("mentorship:person_detail", args=[student.pk]))
        .content.decode()
    )
    link = f'href="{reverse("mentorship:mentorship_create")}?mentee={student.pk}"'
    assert (link in html) is shown
    assert ("Назначить наставника" in html) is shown


def test_the_assign_a_mentor_button_is_not_offered_for_a_student_who_left(client_as, curator):
    student = StudentFactory(date_left=D(2023, 6, 1))
    html = client_as(curator).get(reverse("mentorship:person_detail", args=[student.pk])).content.decode()
    assert "Назначить наставника" not in html


def test_the_pair_form_opened_from_a_card_has_the_mentee_chosen(client_as, curator):
    student = StudentFactory(last_name="Подопечная", grade=7, class_letter="Б")
    html = client_as(curator).get(reverse("mentorship:mentorship_create"), {"mentee": student.pk}).content.decode()
    assert re.search(rf'<option value="{student.pk}" selected>Подопечная Мария Ивановна \(7Б\)</option>', html)


def test_a_group_is_labelled_as_a_group_with_its_count_of_mentees_in_the_lists(client_as, curator):
    group = MentorshipFactory(mentees=[StudentFactory(), StudentFactory(), StudentFactory()])
    pair = MentorshipFactory()
    html = client_as(curator).get(reverse("mentorship:mentorship_list")).content.decode()
    assert html.count('data-testid="group-badge"') == 1
    assert "3 наставляемых" in html
    card = client_as(curator).get(reverse("mentorship:person_detail", args=[group.mentor_id])).content.decode()
    assert "Группа" in card
    pair_card = client_as(curator).get(reverse("mentorship:person_detail", args=[pair.mentor_id])).content.decode()
    assert "Группа" not in pair_card


def test_the_pair_form_page_costs_the_same_queries_on_ten_people_and_on_nine_hundred(client_as, curator):
    client = client_as(curator)

    def queries_of_the_page():
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mentorship:mentorship_create")).status_code == 200
        return len(queries)

    _registry(students=7, teachers=3)
    small = queries_of_the_page()
    _registry(students=593, teachers=297)
    assert Person.objects.count() == 900
    assert queries_of_the_page() == small > 0


def test_a_find_on_the_edit_form_keeps_the_version_and_then_saves_the_new_mentor(client_as, curator):
    mentorship = MentorshipFactory(status=Mentorship.Status.DRAFT)
    new_mentor = StudentFactory(last_name="Новая", grade=10)
    client = client_as(curator)
    url = reverse("mentorship:mentorship_edit", args=[mentorship.pk])
    data = {
        "form": mentorship.form_id,
        "mentor": mentorship.mentor_id,
        "mentees": [p.pk for p in mentorship.mentees.all()],
        "start_date": "2021-10-01",
        "status": "draft",
        "version": mentorship.version,
    }
    html = client.post(url, {**data, "find": "mentor", "mentor_search": "Новая"}).content.decode()
    assert _person_options(html, "mentor") == [str(mentorship.mentor_id), str(new_mentor.pk)]
    assert f'name="version" value="{mentorship.version}"' in html
    mentorship.refresh_from_db()
    assert mentorship.mentor_id != new_mentor.pk  # a search saves nothing
    assert client.post(url, {**data, "mentor": new_mentor.pk}).status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.mentor_id == new_mentor.pk


def test_a_mentorship_keeps_a_curator_who_has_left_the_role_until_someone_else_is_chosen(client_as, curator):
    former = UserFactory(first_name="Ольга", last_name="Бывшая")
    mentorship = MentorshipFactory(curator=former)
    html = client_as(curator).get(reverse("mentorship:mentorship_edit", args=[mentorship.pk])).content.decode()
    assert re.search(rf'<option value="{former.pk}" selected>Ольга Бывшая</option>', html)
    new = client_as(curator).get(reverse("mentorship:mentorship_create")).content.decode()
    assert "Ольга Бывшая" not in new
