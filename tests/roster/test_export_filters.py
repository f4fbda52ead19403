"""«Выгрузить в Excel» exports what the list shows: the list's link carries its query string and the export
applies the list's own FilterSet (mentorship.filters.LIST_FILTERS) to it (issue 17)."""

import datetime
import html
import io

import openpyxl
import pytest
from django.urls import reverse

from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, Organization, Person
from roster.models import RosterJob
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db
LEFT = datetime.date(2024, 6, 30)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)


def _exported_names(response):
    """Full names of an exported person list (ID, Фамилия, Имя, Отчество come first)."""
    header, *rows = _sheet(response)
    assert header[:4] == ("ID", "Фамилия", "Имя", "Отчество")
    return [" ".join(p for p in row[1:4] if p) for row in rows]


def _listed(client, url_name, params):
    """The list's page for `params`: every row it lists (all pages) and its export link."""
    response = client.get(reverse(f"mentorship:{url_name}"), params)
    assert response.status_code == 200
    rows = list(response.context["page"].paginator.object_list)
    return response, rows


def _export_link(response, kind):
    """The href of the list's «Export to Excel» button, as the page has it."""
    page = response.content.decode()
    start = page.index(f'href="{reverse("mentorship:roster_export", args=[kind])}')
    return html.unescape(page[start + 6 : page.index('"', start + 6)])


@pytest.fixture
def school():
    """A 7Б of 35 on roll (34 and Киселёва), 2 leavers of 7Б, other classes, a category and a search target."""
    gifted = MenteeCategory.objects.first()
    for n in range(34):
        StudentFactory(grade=7, class_letter="Б", last_name=f"Семиклассникова{n:02d}")
    StudentFactory(grade=7, class_letter="Б", last_name="Выбывшая", date_left=LEFT)
    StudentFactory(grade=7, class_letter="Б", last_name="Выбывший", first_name="Олег", date_left=LEFT)
    StudentFactory.create_batch(12, grade=7, class_letter="А")
    StudentFactory.create_batch(8, grade=8, class_letter="Б")
    StudentFactory(grade=7, class_letter="Б", last_name="Киселёва", first_name="Алёна", categories=[gifted])
    StudentFactory(grade=9, class_letter="В", last_name="Киселева", first_name="Ольга", categories=[gifted])
    return gifted


def test_a_7b_list_of_35_exports_exactly_its_35_rows_without_leavers(client_as, curator, school):
    client = client_as(curator)
    response, rows = _listed(client, "student_list", {"grade": "7", "class_letter": "б"})
    assert len(rows) == 35 == response.context["page"].paginator.count  # two pages on screen
    link = _export_link(response, "students")
    assert link.endswith("?grade=7&class_letter=%D0%B1")
    names = _exported_names(client.get(link))
    assert names == [p.full_name for p in rows]
    assert not any(name.startswith("Выбыв") for name in names)
    assert Person.objects.students().count() == 58


def test_the_leavers_filter_exports_the_leavers_and_everyone_exports_all(client_as, curator, school):
    client = client_as(curator)
    url = reverse("mentorship:roster_export", args=["students"])
    left = _exported_names(client.get(url, {"grade": "7", "class_letter": "Б", "roll": "left"}))
    assert left == ["Выбывшая Мария Ивановна", "Выбывший Олег Ивановна"]
    assert len(_exported_names(client.get(url, {"roll": "all"}))) == 58
    assert len(_exported_names(client.get(url))) == 56  # the list's default: on roll today


def test_the_search_and_category_travel_with_the_export(client_as, curator, school):
    client = client_as(curator)
    response, rows = _listed(client, "student_list", {"q": "киселева", "category": school.pk})
    assert sorted(p.full_name for p in rows) == ["Киселева Ольга Ивановна", "Киселёва Алёна Ивановна"]
    assert _exported_names(client.get(_export_link(response, "students"))) == [p.full_name for p in rows]
    response, rows = _listed(client, "student_list", {"q": "киселёва", "grade": "7"})
    assert _exported_names(client.get(_export_link(response, "students"))) == ["Киселёва Алёна Ивановна"]


def test_the_teacher_export_follows_young_specialists_and_search(client_as, curator):
    TeacherFactory(last_name="Молодова", career_start=datetime.date.today() - datetime.timedelta(days=400))
    TeacherFactory(last_name="Молодцова", career_start=datetime.date(2000, 9, 1))
    TeacherFactory(last_name="Опытнова", career_start=datetime.date(2000, 9, 1))
    TeacherFactory(last_name="Уволенова", date_left=LEFT)
    client = client_as(curator)
    response, rows = _listed(client, "teacher_list", {"young": "true"})
    assert [p.last_name for p in rows] == ["Молодова"]
    assert _exported_names(client.get(_export_link(response, "teachers"))) == [p.full_name for p in rows]
    response, rows = _listed(client, "teacher_list", {"q": "молод"})
    assert [p.last_name for p in rows] == ["Молодова", "Молодцова"]
    assert _exported_names(client.get(_export_link(response, "teachers"))) == [p.full_name for p in rows]


def test_the_external_export_follows_the_organisation(client_as, curator):
    vyatka, other = OrganizationFactory(name="ООО Вятка"), OrganizationFactory(name="АО Кировский завод")
    ExternalMentorFactory(last_name="Вяткин", organization=vyatka)
    ExternalMentorFactory(last_name="Заводов", organization=other)
    client = client_as(curator)
    response, rows = _listed(client, "external_list", {"organization": vyatka.pk})
    assert [p.last_name for p in rows] == ["Вяткин"]
    assert _exported_names(client.get(_export_link(response, "external"))) == [p.full_name for p in rows]


def test_the_organisation_export_follows_kind_territory_and_search(client_as, curator):
    OrganizationFactory(name="ООО «Вятская Ёлка»", territory=Organization.Territory.TOWN)
    OrganizationFactory(name="Вятский университет", kind=Organization.Kind.EDUCATIONAL)
    OrganizationFactory(name="ООО «Районное»", territory=Organization.Territory.DISTRICT)
    client = client_as(curator)
    for params, expected in [
        ({"kind": Organization.Kind.ENTERPRISE, "q": "вятская"}, ["ООО «Вятская Ёлка»"]),
        ({"territory": Organization.Territory.DISTRICT}, ["ООО «Районное»"]),
        ({"q": "елка"}, ["ООО «Вятская Ёлка»"]),
    ]:
        response, rows = _listed(client, "organization_list", params)
        assert [o.name for o in rows] == expected
        _header, *exported = _sheet(client.get(_export_link(response, "organizations")))
        assert [row[0] for row in exported] == expected


def test_the_mentorship_export_follows_status_form_and_the_mentor_or_mentee_search(client_as, curator):
    mentee = StudentFactory(last_name="Киселёва", first_name="Алёна")
    pair = MentorshipFactory(mentees=[mentee])
    MentorshipFactory()
    MentorshipFactory(status=Mentorship.Status.COMPLETED, end_date=datetime.date(2023, 5, 31))
    client = client_as(curator)
    form = MentorshipForm.objects.get(code=MentorshipForm.Code.STUDENT_STUDENT)
    for params, expected in [
        ({"q": "киселева"}, [pair.pk]),
        ({"status": Mentorship.Status.ACTIVE, "form": form.pk}, None),
        ({"status": Mentorship.Status.COMPLETED}, None),
    ]:
        response, rows = _listed(client, "mentorship_list", params)
        if expected is not None:
            assert [m.pk for m in rows] == expected
        header, *exported = _sheet(client.get(_export_link(response, "mentorships")))
        mentors = [dict(zip(header, row, strict=True))["Наставник"] for row in exported]
        assert mentors == [m.mentor.roster_id or m.mentor.full_name for m in rows]
        assert len(exported) == len(rows) >= 1


def test_a_list_without_filters_links_to_the_plain_export(client_as, curator, school):
    response = client_as(curator).get(reverse("mentorship:student_list"))
    assert _export_link(response, "students") == reverse("mentorship:roster_export", args=["students"])


def test_the_page_number_is_not_carried_to_the_export(client_as, curator, school):
    response = client_as(curator).get(reverse("mentorship:student_list"), {"grade": "7", "page": "2"})
    assert _export_link(response, "students").endswith("?grade=7")


def test_the_journal_exports_every_record_leavers_included(client_as, admin_user_role, school):
    client = client_as(admin_user_role)
    page = client.get(reverse("mentorship:import_journal")).content.decode()
    link = reverse("mentorship:roster_export", args=["students"]) + "?roll=all"
    assert f'href="{link}"' in page
    assert len(_exported_names(client.get(link))) == 58


@pytest.mark.parametrize("kind", ["students", "teachers", "external", "organizations", "mentorships"])
def test_a_filtered_export_keeps_its_access_anonymous_wrong_role_right_role(
    client, client_as, curator, director, mentor_user, kind
):
    url = reverse("mentorship:roster_export", args=[kind]) + "?q=киселева&roll=all"
    assert client.get(url).url.startswith("/accounts/login/")
    assert client_as(mentor_user).get(url).status_code == 403
    assert client_as(director).get(url).status_code == 200
    assert client_as(curator).get(url).status_code == 200
    assert RosterJob.objects.filter(action=RosterJob.Action.EXPORT, kind=kind).count() == 2


def test_a_filtered_export_issues_a_fixed_number_of_queries(client_as, curator, school, django_assert_max_num_queries):
    client = client_as(curator)
    url = reverse("mentorship:roster_export", args=["students"])
    with django_assert_max_num_queries(13):
        client.get(url, {"grade": "7", "category": school.pk, "q": "кисел"})
    url = reverse("mentorship:roster_export", args=["mentorships"])
    MentorshipFactory.create_batch(4)
    with django_assert_max_num_queries(13):
        client.get(url, {"q": "ученик", "status": "active"})
