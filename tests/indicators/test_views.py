import datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Indicator, Snapshot
from indicators.services import enterprise_count_set, past_value_enter, snapshot_get_or_record
from mentorship.models import Mentorship, MentorshipForm, Person
from tests.factories import ExternalMentorFactory, OrganizationFactory, category, form
from tests.indicators.factories import born, mentorship, old_teacher, student

pytestmark = pytest.mark.django_db

KIROV = datetime.timezone(datetime.timedelta(hours=3))
TODAY = datetime.datetime(2025, 2, 10, 12, 0, tzinfo=KIROV)
SEED_TARGETS = {
    "students_mentees": ["10,0", "30,0", "40,0", "55,0", "70,0"],
    "students_mentors": ["2,0", "4,0", "6,0", "8,0", "10,0"],
    "young_teachers_mentees": ["10,0", "30,0", "40,0", "55,0", "70,0"],
    "organizations_mentors": ["2,0", "10,0", "20,0", "25,0", "30,0"],
}
URLS = [
    reverse("indicators:dashboard"),
    reverse("indicators:drilldown", args=["students_mentees"]),
    reverse("indicators:drilldown_export", args=["students_mentees"]),
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["mentor_user", "no_role_user"])
def test_mentors_and_people_without_a_role_are_refused(client_as, request, url, who):
    assert client_as(request.getfixturevalue(who)).get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["director", "curator", "admin_user_role"])
def test_director_curators_and_admins_see_the_indicators(client_as, request, url, who):
    assert client_as(request.getfixturevalue(who)).get(url).status_code == 200


def test_dashboard_is_the_home_of_the_director_and_curators(client_as, director, curator):
    assert client_as(director).get("/").url == reverse("indicators:dashboard")
    assert client_as(curator).get("/").url == reverse("indicators:dashboard")


def _cell(html, testid):
    start = html.index(f'data-testid="{testid}"')
    return html[html.index(">", start) + 1 : html.index("</td>", start)]


@time_machine.travel(TODAY, tick=False)
def test_dashboard_renders_the_seed_targets_exactly(client_as, director):
    html = client_as(director).get(reverse("indicators:dashboard")).content.decode()
    for code, targets in SEED_TARGETS.items():
        for year, target in zip(range(2020, 2025), targets, strict=True):
            assert _cell(html, f"target-{code}-{year}") == f"{target}&nbsp;%"
        # No target for 2025: the cell says so and, for the director, links to the targets page.
        assert "план не задан" in _cell(html, f"target-{code}-2025")
        assert f'href="/dashboard/targets/?year=2025" data-testid="set-target-{code}-2025"' in html
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]


@time_machine.travel(TODAY, tick=False)
def test_dashboard_marks_recorded_entered_unrecorded_and_live_values(client_as, director):
    mentorship([student(categories=[category("outstanding")])], start_date=datetime.date(2024, 2, 1))
    with time_machine.travel(datetime.datetime(2024, 12, 20, 23, 50, tzinfo=KIROV), tick=False):
        snapshot_get_or_record(as_of=datetime.date(2024, 12, 20))
    past_value_enter(
        indicator=Indicator.objects.get(code="students_mentees"),
        as_of=datetime.date(2020, 12, 20),
        value=Decimal("12.0"),
        note="Отчёт лицея за 2020 год",
    )
    student(categories=[category("behaviour")])  # after the recording: the recorded 2024 value stays 100
    response = client_as(director).get(reverse("indicators:dashboard"))
    html = response.content.decode()
    row_2024 = html.split('data-testid="row-students_mentees-2024"')[1].split("</tr>")[0]
    assert "100,0&nbsp;%" in row_2024 and "зафиксировано" in row_2024 and "выполнен" in row_2024
    assert "+30,0" in row_2024  # gap in points
    row_2020 = html.split('data-testid="row-students_mentees-2020"')[1].split("</tr>")[0]
    assert "12,0&nbsp;%" in row_2020 and "внесено администратором" in row_2020
    row_2021 = html.split('data-testid="row-students_mentees-2021"')[1].split("</tr>")[0]
    assert "по реестру, не зафиксировано" in row_2021
    row_2025 = html.split('data-testid="row-students_mentees-2025"')[1].split("</tr>")[0]
    assert "на сегодня, 10.02.2025" in row_2025
    assert "50,0&nbsp;%" in row_2025  # live: 1 mentee of 2 potential mentees


@time_machine.travel(TODAY, tick=False)
def test_dashboard_says_where_the_kpi4_denominator_comes_from(client_as, director):
    client = client_as(director)
    assert "не введено" in client.get(reverse("indicators:dashboard")).content.decode()
    enterprise_count_set(year=2025, count=120, source="Вятскополянский район в цифрах")
    html = client.get(reverse("indicators:dashboard")).content.decode()
    assert "120" in html and "Вятскополянский район в цифрах" in html


@time_machine.travel(TODAY, tick=False)
def test_dashboard_counters_and_data_quality_warnings(client_as, curator):
    mentorship([student(), student(categories=[category("outstanding")])], planned_end_date=datetime.date(2025, 1, 31))
    mentorship(
        [old_teacher(career_start=datetime.date(2024, 9, 1))],
        start_date=datetime.date(2024, 9, 1),
        form=form(MentorshipForm.Code.TEACHER_TEACHER),
    )
    mentorship(
        [student()],
        status=Mentorship.Status.COMPLETED,
        start_date=datetime.date(2024, 9, 1),
        end_date=datetime.date(2025, 1, 20),
    )
    student(birth_date=None)
    old_teacher(career_start=None)
    html = client_as(curator).get(reverse("indicators:dashboard")).content.decode()
    assert ">2</div>" in html.split('data-testid="counter-active"')[1][:20]
    assert "ученик–ученик: 1" in html and "учитель–учитель: 1" in html
    assert html.split('data-testid="counter-mentees"')[1][:10] == ">3</div>\n "
    assert html.split('data-testid="counter-mentors"')[1][:10] == ">2</div>\n "
    assert html.split('data-testid="counter-completed"')[1][:10] == ">1</div>\n "
    warnings = html.split('data-testid="warnings"')[1].split("</section>")[0]
    assert "1 обучающийся" in warnings and "без даты рождения" in warnings
    assert "2 наставляемых без категории" in warnings  # the one without a category in each mentorship
    assert "1 действующее наставничество" in warnings
    assert "1 педагог" in warnings


def _bulk(n):
    org = OrganizationFactory()
    Person.objects.bulk_create(
        [
            Person(kind=Person.Kind.STUDENT, last_name=f"Ученик{i}", first_name="А", birth_date=born(10 + i % 9))
            for i in range(n)
        ]
    )
    students = list(Person.objects.filter(kind=Person.Kind.STUDENT))
    for i in range(0, min(n, 40) - 3, 4):
        mentorship(students[i : i + 3], mentor=students[i + 3])
    mentorship(students[:1], mentor=ExternalMentorFactory(organization=org))


@pytest.mark.parametrize("size", [10, 1000])
@time_machine.travel(TODAY, tick=False)
def test_dashboard_query_count_does_not_grow_with_the_data(client_as, director, django_assert_num_queries, size):
    _bulk(size)
    client = client_as(director)
    # session, user, 2 × permissions, roles (navigation), the bell + 12 of the dashboard itself + 3 of the
    # roadmap panel + 1 of «Требуют внимания» (no pair computed here)
    with django_assert_num_queries(22):
        response = client.get(reverse("indicators:dashboard"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
@time_machine.travel(TODAY, tick=False)
def test_drilldown_query_count_does_not_grow_with_the_data(client_as, director, django_assert_num_queries, size):
    _bulk(size)
    client = client_as(director)
    # session, user, 2 × permissions, roles + the indicator, 5 of the live value, the snapshot, the members
    # (numerator and denominator in one) and their categories
    with django_assert_num_queries(15):  # + the bell
        response = client.get(reverse("indicators:drilldown", args=["students_mentees"]), {"as_of": "2024-12-20"})
    assert response.status_code == 200


def test_drilldown_lists_numerator_and_denominator_with_categories(client_as, director):
    mentee = student(last_name="Наставляемова", categories=[category("outstanding")])
    potential = student(last_name="Потенциальнова", categories=[category("disabilities")])
    mentorship([mentee])
    response = client_as(director).get(
        reverse("indicators:drilldown", args=["students_mentees"]), {"as_of": "2024-12-20"}
    )
    html = response.content.decode()
    numerator = html.split('data-testid="numerator-list"')[1].split("</ul>")[0]
    assert mentee.full_name in numerator and potential.full_name not in numerator
    table = html.split('data-testid="denominator-table"')[1].split("</table>")[0]
    assert mentee.full_name in table and potential.full_name in table
    assert "одарённые" in table and "ОВЗ" in table
    assert 'data-testid="value">50,0&nbsp;%' in html


def test_drilldown_of_organisations_names_the_entered_denominator(client_as, curator):
    org = OrganizationFactory(name="АО «Вятское»")
    mentorship([student()], mentor=ExternalMentorFactory(organization=org))
    enterprise_count_set(year=2024, count=50, source="Росстат")
    html = (
        client_as(curator)
        .get(reverse("indicators:drilldown", args=["organizations_mentors"]), {"as_of": "2024-12-20"})
        .content.decode()
    )
    assert "АО «Вятское»" in html
    assert 'data-testid="denominator">50' in html and "Росстат" in html
    assert "2,0&nbsp;%" in html


def test_drilldown_of_an_unknown_indicator_or_date_is_404(client_as, director):
    client = client_as(director)
    assert client.get(reverse("indicators:drilldown", args=["nothing"])).status_code == 404
    url = reverse("indicators:drilldown", args=["students_mentors"])
    assert client.get(url, {"as_of": "2024-13-01"}).status_code == 404


def test_drilldown_exports_both_lists_to_excel(client_as, director):
    mentee = student(categories=[category("outstanding")])
    other = student(categories=[category("behaviour")])
    mentorship([mentee])
    response = client_as(director).get(
        reverse("indicators:drilldown_export", args=["students_mentees"]), {"as_of": "2024-12-20"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="students_mentees-2024-12-20.xlsx"' in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Сводка", "Числитель", "Знаменатель"]
    numerator = [row[0] for row in book["Числитель"].iter_rows(min_row=2, values_only=True)]
    denominator = [row[0] for row in book["Знаменатель"].iter_rows(min_row=2, values_only=True)]
    assert numerator == [mentee.full_name]
    assert set(denominator) == {mentee.full_name, other.full_name}
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert summary["Значение, %"] == 50.0


def test_admin_enters_a_past_value_and_cannot_change_a_recorded_one(client_as, admin_user_role):
    client = client_as(admin_user_role)
    indicator = Indicator.objects.get(code="students_mentors")
    response = client.post(
        reverse("admin:indicators_snapshot_add"),
        {"indicator": indicator.pk, "as_of": "20.12.2019", "numerator": "3", "denominator": "40", "note": "Отчёт 2019"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    snapshot = Snapshot.objects.get()
    assert (snapshot.value, snapshot.source, snapshot.recorded_by) == (Decimal("7.5"), "entered", admin_user_role)
    response = client.post(
        reverse("admin:indicators_snapshot_add"),
        {"indicator": indicator.pk, "as_of": "20.12.2019", "value": "9", "note": "ещё раз"},
    )
    assert response.status_code == 200
    assert "не перезаписывается" in response.content.decode()
    with time_machine.travel(datetime.datetime(2024, 12, 21, tzinfo=KIROV), tick=False):
        snapshot_get_or_record(as_of=datetime.date(2024, 12, 20))
    recorded = Snapshot.objects.filter(source="recorded").first()
    client.post(reverse("admin:indicators_snapshot_change", args=[recorded.pk]), {"value": "99", "note": "x"})
    recorded.refresh_from_db()
    assert recorded.value is None  # empty registry: no data, and it stays so
    assert (
        client.post(reverse("admin:indicators_snapshot_delete", args=[recorded.pk]), {"post": "yes"}).status_code == 403
    )
    assert Snapshot.objects.filter(pk=recorded.pk).exists()


def test_admin_edits_targets_and_the_number_of_enterprises(client_as, admin_user_role, curator):
    client = client_as(admin_user_role)
    response = client.post(
        reverse("admin:indicators_enterprisecount_add"), {"year": "2025", "count": "80", "source": "Кировстат"}
    )
    assert response.status_code == 302
    from indicators.models import EnterpriseCount, Target

    assert EnterpriseCount.objects.get().entered_by == admin_user_role
    target = Target.objects.get(indicator__code="students_mentors", year=2024)
    response = client.post(
        reverse("admin:indicators_target_change", args=[target.pk]),
        {"indicator": target.indicator_id, "year": "2024", "value": "12.5"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("12.5")
    assert not curator.has_perm("indicators.change_target")
    assert curator.has_perm("indicators.view_indicator")


@pytest.mark.parametrize("code", ["students_mentees", "students_mentors", "organizations_mentors"])
@pytest.mark.parametrize("view", ["indicators:drilldown", "indicators:drilldown_export"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "9999-12-31", "2024-02-30"])
def test_drilldown_of_an_impossible_or_out_of_range_date_is_404_not_500(client, client_as, request, code, view, as_of):
    mentorship([student(birth_date=born(12))], mentor=old_teacher())
    url = reverse(view, args=[code])
    assert client.get(url, {"as_of": as_of}).url.startswith("/accounts/login/")
    assert client_as(request.getfixturevalue("mentor_user")).get(url, {"as_of": as_of}).status_code == 403
    response = client_as(request.getfixturevalue("director")).get(url, {"as_of": as_of})
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_drilldown_at_the_edges_of_the_date_range_works(client_as, director):
    mentorship([student(birth_date=born(12))], mentor=old_teacher())
    client = client_as(director)
    for as_of in ("1900-01-01", "2999-12-31"):
        assert (
            client.get(reverse("indicators:drilldown", args=["students_mentees"]), {"as_of": as_of}).status_code == 200
        )
