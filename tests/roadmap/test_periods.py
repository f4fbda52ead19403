"""Roadmap periods after 2024, the completion date of an occurrence, and the timeline's year and months
(issue 17)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmap import selectors, services
from roadmap.models import Activity, Occurrence, Programme
from roadmap.statuses import Status

from .factories import ActivityFactory, SectionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
IN_2026 = datetime.datetime(2026, 12, 2, 10, 0)
CREATE = reverse("roadmap:programme_create")
TITLE = "Дорожная карта наставничества на 2025–2030 годы"


def _seed():
    return Programme.objects.get(start_year=2020)


def _period_2025(**kwargs):
    return services.programme_create(data={"title": TITLE, "start_year": 2025, "end_year": 2030, **kwargs})


# Opening a period: the rules -------------------------------------------------------------------------------


@time_machine.travel(IN_2026, tick=False)
@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (
            2024,
            2028,
            "start_year",
            "Годы пересекаются с дорожной картой 2020–2024: новый период начинается после 2024 года.",
        ),
        (2019, 2019, "start_year", "Период дорожной карты — в пределах 2020–2036 годов."),
        (2030, 2040, "end_year", "Период дорожной карты — в пределах 2020–2036 годов."),
        (2027, 2025, "end_year", "The last year cannot come before the first one."),
        (2025, 2035, "end_year", "Период дорожной карты — не больше 10 лет."),
    ],
)
def test_a_period_that_overlaps_or_has_senseless_years_is_refused_at_its_field(start, end, field, message):
    with pytest.raises(ValidationError) as error:
        services.programme_create(data={"title": TITLE, "start_year": start, "end_year": end})
    russian = {"The last year cannot come before the first one.": "Последний год не может быть раньше первого."}
    assert error.value.message_dict[field] == [russian.get(message, message)]
    assert Programme.objects.count() == 1


@time_machine.travel(IN_2026, tick=False)
def test_the_next_period_is_opened_and_an_edit_cannot_stretch_a_period_over_another():
    period = _period_2025()
    assert (period.start_year, period.end_year, period.years[-1]) == (2025, 2030, 2030)
    with pytest.raises(ValidationError) as error:
        services.programme_update(programme=_seed(), data={"end_year": 2025})
    assert "2025–2030" in error.value.message_dict["start_year"][0]
    with pytest.raises(ValidationError) as error:
        _period_2025(starts_on=D(2024, 12, 1))
    assert "start_year" in error.value.message_dict  # overlaps the one just opened


@time_machine.travel(IN_2026, tick=False)
def test_the_start_date_lies_within_the_periods_years():
    Programme.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        _period_2025(starts_on=D(2024, 12, 1))
    assert error.value.message_dict == {"starts_on": ["Дата начала должна лежать в годах периода."]}


# Opening a period: the page --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_the_new_period_page(client):
    for response in (client.get(CREATE), client.post(CREATE, {"title": TITLE})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["no_role_user", "mentor_user", "director"])
def test_the_director_mentors_and_users_without_a_role_may_not_open_a_period(client_as, request, who):
    client = client_as(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == 403
    data = {"title": TITLE, "start_year": 2025, "end_year": 2030}
    assert client.post(CREATE, data).status_code == 403
    assert Programme.objects.count() == 1


@time_machine.travel(IN_2026, tick=False)
@pytest.mark.parametrize("who", ["curator", "admin_user_role"])
def test_a_curator_or_an_administrator_opens_2025_2030_and_the_roadmap_shows_it(client_as, request, who):
    client = client_as(request.getfixturevalue(who))
    form = client.get(CREATE).content.decode()
    assert 'name="start_year" value="2025"' in form and 'name="end_year" value="2030"' in form
    response = client.post(CREATE, {"title": TITLE, "start_year": 2025, "end_year": 2030})
    assert response.status_code == 302 and response["Location"] == reverse("roadmap:table")
    table = client.get(reverse("roadmap:table"))
    assert table.context["programme"].start_year == 2025
    assert "Дорожная карта 2025–2030" in table.content.decode()
    assert 'data-testid="plan-beyond"' not in table.content.decode()


@time_machine.travel(IN_2026, tick=False)
def test_an_overlapping_period_from_the_page_is_refused_in_russian_at_its_field(client_as, curator):
    response = client_as(curator).post(CREATE, {"title": TITLE, "start_year": 2023, "end_year": 2027})
    assert response.status_code == 200
    assert "Годы пересекаются с дорожной картой 2020–2024" in response.content.decode()
    assert response.context["form"].errors["start_year"]
    assert Programme.objects.count() == 1


# The current period and the invitation to plan beyond 2024 ------------------------------------------------


def test_the_current_period_is_the_one_that_covers_the_year_else_the_latest_begun():
    seed = _seed()
    assert selectors.programme_current(today=D(2026, 5, 1)) == seed  # ended, nothing follows
    with time_machine.travel(IN_2026, tick=False):
        later = _period_2025()
        ahead = services.programme_create(data={"title": "Следующая", "start_year": 2031, "end_year": 2035})
    assert selectors.programme_current(today=D(2022, 5, 1)) == seed
    assert selectors.programme_current(today=D(2026, 5, 1)) == later
    assert selectors.programme_current(today=D(2040, 5, 1)) == ahead
    assert selectors.programme_current(today=D(2010, 5, 1)) == seed


@time_machine.travel(IN_2026, tick=False)
def test_the_ended_roadmap_invites_planning_beyond_2024_with_a_link_for_those_who_may(client_as, curator, director):
    html = client_as(curator).get(reverse("roadmap:table")).content.decode()
    invitation = html.split('data-testid="plan-beyond"', 1)[1].split("</div>", 1)[0]
    assert "Дорожная карта 2020–2024 завершена" in invitation and "до 2030 года" in invitation
    assert f'href="{CREATE}"' in invitation
    html = client_as(director).get(reverse("roadmap:table")).content.decode()
    invitation = html.split('data-testid="plan-beyond"', 1)[1].split("</div>", 1)[0]
    assert CREATE not in invitation and "Следующий период открывает куратор." in invitation


@time_machine.travel(datetime.datetime(2023, 3, 1, 10, 0), tick=False)
def test_a_running_roadmap_does_not_invite_a_new_period(client_as, curator):
    assert 'data-testid="plan-beyond"' not in client_as(curator).get(reverse("roadmap:table")).content.decode()


@time_machine.travel(IN_2026, tick=False)
def test_an_earlier_period_is_shown_read_only_by_its_number(client_as, curator):
    _period_2025()
    client = client_as(curator)
    seed = _seed()
    response = client.get(reverse("roadmap:table"), {"period": seed.pk})
    html = response.content.decode()
    assert response.context["programme"] == seed and 'data-testid="other-period"' in html
    assert "Мониторинг реализации программ наставничества в лицее" in html
    assert reverse("roadmap:section_create") not in html  # the edit buttons belong to the current period
    timeline = client.get(reverse("roadmap:timeline"), {"period": seed.pk})
    assert timeline.context["year"] == 2024
    assert client.get(reverse("roadmap:table"), {"period": "999999"}).status_code == 404
    assert client.get(reverse("roadmap:timeline"), {"period": "x"}).status_code == 404


def test_the_summarys_roadmap_execution_spans_two_periods():
    with time_machine.travel(IN_2026, tick=False):
        later = _period_2025()
    activity = ActivityFactory(section=SectionFactory(programme=later), schedule_kind="period", schedule_year=2025)
    Occurrence.objects.filter(activity=activity).delete()
    Occurrence.objects.create(activity=activity, starts_on=D(2025, 1, 10), due_on=D(2025, 3, 31))
    execution = selectors.roadmap_execution(start=D(2024, 12, 21), end=D(2025, 6, 20), as_of=D(2025, 6, 20))
    assert {row.occurrence.activity.section.programme_id for row in execution.rows} == {_seed().pk, later.pk}


# The completion date -----------------------------------------------------------------------------------------


def _monitoring_2021():
    return Occurrence.objects.get(activity__number="3.1", due_on=D(2021, 12, 20))


@time_machine.travel(datetime.datetime(2022, 1, 15, 10, 0), tick=False)
def test_done_takes_the_date_given_or_today_and_other_statuses_clear_it():
    occurrence = services.occurrence_update(
        occurrence=_monitoring_2021(), status=Status.DONE, completed_on=D(2021, 12, 18)
    )
    assert occurrence.completed_on == D(2021, 12, 18)
    occurrence = services.occurrence_update(occurrence=occurrence, status=Status.DONE)
    assert occurrence.completed_on == D(2021, 12, 18)  # kept when none is given
    occurrence = services.occurrence_update(
        occurrence=occurrence, status=Status.IN_PROGRESS, completed_on=D(2022, 1, 1)
    )
    assert occurrence.completed_on is None
    occurrence = services.occurrence_update(occurrence=occurrence, status=Status.DONE)
    assert occurrence.completed_on == D(2022, 1, 15)  # today


@time_machine.travel(datetime.datetime(2022, 1, 15, 10, 0), tick=False)
@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (D(2022, 1, 16), "Дата выполнения не может быть в будущем."),
        (D(2020, 12, 31), "Дата выполнения не может быть раньше 01.01.2021."),
    ],
)
def test_a_completion_date_in_the_future_or_before_the_occurrences_year_is_refused(completed_on, message):
    occurrence = _monitoring_2021()
    assert occurrence.starts_on.year == 2021
    with pytest.raises(ValidationError) as error:
        services.occurrence_update(occurrence=occurrence, status=Status.DONE, completed_on=completed_on)
    assert error.value.message_dict == {"completed_on": [message]}
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.completed_on) == (Status.PLANNED, None)
    # The first day of the occurrence's year is accepted.
    done = services.occurrence_update(occurrence=occurrence, status=Status.DONE, completed_on=D(2021, 1, 1))
    assert done.completed_on == D(2021, 1, 1)


@time_machine.travel(datetime.datetime(2022, 1, 15, 10, 0), tick=False)
def test_the_curator_sets_the_completion_date_on_the_activity_page(client_as, curator):
    occurrence = _monitoring_2021()
    client = client_as(curator)
    page = client.get(reverse("roadmap:activity", args=[occurrence.activity_id])).content.decode()
    assert f'name="occ{occurrence.pk}-completed_on" value="2022-01-15"' in page  # today by default
    url = reverse("roadmap:occurrence_update", args=[occurrence.pk])
    prefix = f"occ{occurrence.pk}"
    response = client.post(url, {f"{prefix}-status": "done", f"{prefix}-completed_on": "2021-12-17"}, follow=True)
    occurrence.refresh_from_db()
    assert occurrence.completed_on == D(2021, 12, 17)
    assert "выполнено 17.12.2021" in response.content.decode()
    response = client.post(url, {f"{prefix}-status": "done", f"{prefix}-completed_on": "2022-02-01"}, follow=True)
    assert "Дата выполнения не может быть в будущем." in response.content.decode()
    occurrence.refresh_from_db()
    assert occurrence.completed_on == D(2021, 12, 17)


# The timeline ------------------------------------------------------------------------------------------------


@time_machine.travel(IN_2026, tick=False)
def test_the_timeline_opens_on_the_current_year_with_month_names(client_as, director):
    _period_2025()
    response = client_as(director).get(reverse("roadmap:timeline"))
    assert response.context["year"] == 2026
    html = response.content.decode()
    assert 'data-testid="month-1">январь 2026<' in html and 'data-testid="month-12">декабрь 2026<' in html
    assert "01.2026" not in html and "01.2020" not in html


@pytest.mark.parametrize(("now", "year"), [(datetime.datetime(2022, 5, 1, 10), 2022), (IN_2026, 2024)])
def test_the_timeline_of_a_period_opens_on_today_or_its_nearest_year(client_as, director, now, year):
    with time_machine.travel(now, tick=False):
        response = client_as(director).get(reverse("roadmap:timeline"))
    assert response.context["year"] == year
    assert f"январь {year}" in response.content.decode()


def test_the_activity_count_of_a_new_period_starts_empty(client_as, curator):
    with time_machine.travel(IN_2026, tick=False):
        later = _period_2025()
        table = client_as(curator).get(reverse("roadmap:table"))
    assert table.context["programme"] == later
    assert not Activity.objects.filter(section__programme=later).exists()
    assert table.context["table"].sections == []


@pytest.mark.django_db(transaction=True)
def test_four_overlapping_periods_opened_at_once_make_one_and_russian_refusals_not_a_500(curator):
    from tests.parallel import in_parallel, require_postgres

    require_postgres()
    responses = in_parallel(
        4,
        lambda client, i: client.post(CREATE, {"title": f"{TITLE} ({i})", "start_year": 2025, "end_year": 2026 + i}),
        user=curator,
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 302]
    assert Programme.objects.filter(start_year=2025).count() == 1
    refused = [r for r in responses if r.status_code == 200]
    assert all("Годы пересекаются с дорожной картой 2025–" in r.content.decode() for r in refused)
