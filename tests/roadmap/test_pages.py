import datetime

import pytest
import time_machine
from django.urls import reverse

from roadmap.models import Activity, Occurrence, Section
from roadmap.statuses import Status

from .factories import ActivityFactory, LinkEvidenceFactory

D = datetime.date


def _activity_pk():
    return Activity.objects.get(number="3.1").pk


def _occurrence_pk():
    return Occurrence.objects.get(activity__number="3.1", due_on=D(2021, 12, 20)).pk


READ_PAGES = [
    lambda: reverse("roadmap:table"),
    lambda: reverse("roadmap:timeline"),
    lambda: reverse("roadmap:activity", args=[_activity_pk()]),
    lambda: reverse("roadmap:export"),
]
EDIT_PAGES = [
    lambda: reverse("roadmap:programme_update"),
    lambda: reverse("roadmap:section_create"),
    lambda: reverse("roadmap:section_update", args=[Section.objects.get(number="3.").pk]),
    lambda: reverse("roadmap:activity_create"),
    lambda: reverse("roadmap:activity_update", args=[_activity_pk()]),
]
POST_ONLY = [
    lambda: reverse("roadmap:occurrence_update", args=[_occurrence_pk()]),
    lambda: reverse("roadmap:evidence_add", args=[_occurrence_pk()]),
    lambda: reverse("roadmap:activity_delete", args=[_activity_pk()]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_PAGES + EDIT_PAGES + POST_ONLY)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["mentor_user", "no_role_user"])
@pytest.mark.parametrize("url", READ_PAGES + EDIT_PAGES)
def test_mentors_and_users_without_a_role_get_403(request, client_as, role_fixture, url):
    assert client_as(request.getfixturevalue(role_fixture)).get(url()).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["director", "admin_user_role", "curator"])
@pytest.mark.parametrize("url", READ_PAGES)
def test_staff_read_the_roadmap_pages(request, client_as, role_fixture, url):
    assert client_as(request.getfixturevalue(role_fixture)).get(url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["director", "admin_user_role"])
def test_the_director_and_admins_only_read(request, client_as, role_fixture):
    client = client_as(request.getfixturevalue(role_fixture))
    for url in EDIT_PAGES:
        assert client.get(url()).status_code == 403
    for url in EDIT_PAGES + POST_ONLY:
        assert client.post(url(), {"occ-status": "done"}).status_code == 403
    assert client.post(reverse("roadmap:table")).status_code == 405
    page = client.get(reverse("roadmap:activity", args=[_activity_pk()])).content.decode()
    assert "Сохранить статус" not in page and "Добавить подтверждение" not in page
    assert Occurrence.objects.get(pk=_occurrence_pk()).status == Status.PLANNED


@pytest.mark.django_db
def test_curator_opens_every_edit_page(client_as, curator):
    client = client_as(curator)
    for url in EDIT_PAGES:
        assert client.get(url()).status_code == 200


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 22, 10, 0), tick=False)
def test_the_table_shows_the_seed_with_a_status_per_occurrence(client_as, director):
    html = client_as(director).get(reverse("roadmap:table")).content.decode()
    assert "Мониторинг реализации программ наставничества в лицее" in html
    assert "ежегодно 20 декабря, 20 июня" in html
    assert "<li>положение о наставничестве;</li>" in html
    assert 'data-status="overdue"' in html and 'data-status="planned"' in html
    assert "№ п/п" in html and "Ключевой результат" in html


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 22, 10, 0), tick=False)
def test_the_table_filters_by_year_status_and_responsible(client_as, curator):
    client = client_as(curator)
    by_year = client.get(reverse("roadmap:table"), {"year": 2023}).context["table"]
    assert {r.activity.number for s in by_year.sections for r in s.rows} == {"1.4", "2.1", "3.1", "3.2"}
    assert all(o.due_on.year == 2023 for s in by_year.sections for r in s.rows for o in r.occurrences)

    overdue = client.get(reverse("roadmap:table"), {"status": "overdue"}).context["table"]
    dues = [o.due_on for s in overdue.sections for r in s.rows for o in r.occurrences]
    assert dues and all(d < D(2021, 12, 22) for d in dues)

    director_only = client.get(reverse("roadmap:table"), {"responsible": "Директор"}).context["table"]
    assert [r.activity.number for s in director_only.sections for r in s.rows] == ["1.3"]


@pytest.mark.django_db
def test_the_table_filters_by_a_responsible_user(client_as, curator):
    activity = Activity.objects.get(number="3.2")
    activity.responsible_users.add(curator)
    response = client_as(curator).get(reverse("roadmap:table"), {"responsible": f"user:{curator.pk}"})
    assert [r.activity.number for s in response.context["table"].sections for r in s.rows] == ["3.2"]
    assert curator.get_full_name() in response.content.decode()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2022, 1, 10, 10, 0), tick=False)
def test_the_timeline_colours_the_months_of_each_occurrence(client_as, director):
    response = client_as(director).get(reverse("roadmap:timeline"), {"year": 2021})
    assert response.context["year"] == 2021
    rows = {row["activity"].number: row for row in response.context["rows"]}
    monitoring = rows["3.1"]["cells"]
    assert [c.month for c in monitoring if c.occurrences] == [6, 12]
    assert monitoring[11].status == Status.OVERDUE
    assert [c.month for c in rows["3.2"]["cells"] if c.occurrences] == [8]
    html = response.content.decode()
    assert "status-overdue" in html and "<script" not in html.split("</main>")[0]


@pytest.mark.django_db
def test_the_timeline_falls_back_to_a_programme_year(client_as, director):
    assert client_as(director).get(reverse("roadmap:timeline"), {"year": "1999"}).context["year"] in range(2020, 2025)


@pytest.mark.django_db
def test_the_table_and_timeline_issue_a_fixed_number_of_queries(client_as, director, django_assert_max_num_queries):
    client = client_as(director)
    section = Section.objects.get(number="3.")
    for _ in range(15):
        activity = ActivityFactory(section=section, schedule_kind="yearly_month", schedule_month=5)
        occurrence = Occurrence.objects.create(activity=activity, starts_on=D(2022, 5, 1), due_on=D(2022, 5, 31))
        LinkEvidenceFactory(occurrence=occurrence)
        activity.responsible_users.add(director)
    client.get(reverse("roadmap:table"))  # warm the session and permission caches
    with django_assert_max_num_queries(11):
        assert client.get(reverse("roadmap:table")).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("roadmap:timeline"), {"year": 2022}).status_code == 200


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2021, 12, 22, 10, 0), tick=False)
def test_curator_marks_an_occurrence_done(client_as, curator):
    occurrence = Occurrence.objects.get(pk=_occurrence_pk())
    prefix = f"occ{occurrence.pk}"
    response = client_as(curator).post(
        reverse("roadmap:occurrence_update", args=[occurrence.pk]),
        {f"{prefix}-status": "done", f"{prefix}-note": "Справка подписана"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#occurrence-{occurrence.pk}")
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.note, occurrence.completed_on) == (
        "done",
        "Справка подписана",
        D(2021, 12, 22),
    )


@pytest.mark.django_db
def test_curator_builds_a_section_and_an_activity_with_yearly_dates(client_as, curator):
    client = client_as(curator)
    response = client.post(
        reverse("roadmap:section_create"),
        {"number": "4.", "position": 4, "title": "Поддержка выпускников", "key_result": "Связь с выпускниками"},
    )
    assert response.status_code == 302
    section = Section.objects.get(number="4.")
    response = client.post(
        reverse("roadmap:activity_create"),
        {
            "section": section.pk,
            "number": "4.1",
            "position": 1,
            "title": "Встреча выпускников-наставников",
            "key_result": "Встреча проведена",
            "schedule_kind": "yearly_dates",
            "schedule_days": "15.05, 01.10",
            "responsible": "Кураторы целевой программы наставничества",
            "responsible_users": [curator.pk],
            "documents": "Протокол",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(number="4.1")
    assert activity.schedule_text == "ежегодно 15 мая, 1 октября"
    assert list(activity.responsible_users.all()) == [curator]
    assert activity.occurrences.filter(due_on=D(2021, 5, 15)).exists()
    assert not activity.occurrences.filter(due_on=D(2020, 5, 15)).exists()  # before the roadmap was approved


@pytest.mark.django_db
def test_an_activity_form_with_bad_dates_shows_the_error(client_as, curator):
    response = client_as(curator).post(
        reverse("roadmap:activity_update", args=[_activity_pk()]),
        {"section": Section.objects.get(number="3.").pk, "number": "3.1", "position": 1, "title": "Мониторинг",
         "schedule_kind": "yearly_dates", "schedule_days": "31.02"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "не дата" in response.content.decode()


@pytest.mark.django_db
def test_curator_edits_the_programme_years(client_as, curator):
    response = client_as(curator).post(
        reverse("roadmap:programme_update"),
        {"title": "Дорожная карта", "start_year": 2020, "end_year": 2025, "starts_on": "07.12.2020"},
    )
    assert response.status_code == 302
    assert Occurrence.objects.filter(activity__number="3.2", due_on=D(2025, 8, 31)).exists()


@pytest.mark.django_db
def test_curator_deletes_an_activity(client_as, curator):
    client_as(curator).post(reverse("roadmap:activity_delete", args=[_activity_pk()]))
    assert not Activity.objects.filter(number="3.1").exists()
