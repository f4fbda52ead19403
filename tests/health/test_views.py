"""«Требуют внимания»: who sees which pairs, the reasons and actions, sorting, the dashboard panel, refresh."""

import datetime

import pytest
from django.urls import reverse

from health.models import PairHealth
from health.services import pair_health_refresh

from .conftest import held, pair

pytestmark = pytest.mark.django_db
URL = reverse("health:attention")


def _flagged(**kwargs):
    today = datetime.date.today()
    p = pair(start=today - datetime.timedelta(20), **kwargs)
    return p


def test_anonymous_goes_to_the_login_page(client):
    assert client.get(URL).status_code == 302


def test_a_mentor_and_an_account_without_a_role_do_not_see_the_page(client_as, mentor_user, no_role_user):
    assert client_as(mentor_user).get(URL).status_code == 404
    assert client_as(no_role_user).get(URL).status_code == 404


def test_a_curator_sees_only_their_own_pairs_with_reasons_and_actions(client_as, curator, other_curator):
    mine = _flagged(curator=curator)
    theirs = _flagged(curator=other_curator)
    pair_health_refresh()
    page = client_as(curator).get(URL).content.decode()
    assert mine.title in page and theirs.title not in page
    assert "Нет проведённой встречи 20 дней после начала" in page
    assert reverse("mentorship:meeting_add", args=[mine.pk]) in page


def test_the_director_and_the_administrator_see_every_pair(client_as, director, admin_user_role, curator):
    pairs = [_flagged(curator=curator), _flagged()]
    pair_health_refresh()
    for user in (director, admin_user_role):
        page = client_as(user).get(URL).content.decode()
        assert all(p.title in page for p in pairs)


def test_pairs_in_order_are_not_listed(client_as, curator):
    p = _flagged(curator=curator)
    held(p, datetime.date.today())
    pair_health_refresh()
    response = client_as(curator).get(URL)
    assert p.title not in response.content.decode()
    assert "Все пары в порядке." in response.content.decode()


def test_the_list_sorts_by_status_or_by_last_meeting(client_as, curator):
    today = datetime.date.today()
    risk = _flagged(curator=curator)  # no first meeting for 20 days: attention
    risk.start_date = today - datetime.timedelta(40)  # 40 days: at risk
    risk.save()
    gap = pair(curator=curator, start=today - datetime.timedelta(80))
    held(gap, today - datetime.timedelta(35))
    pair_health_refresh()
    client = client_as(curator)
    rows = client.get(URL).context["rows"]
    assert [r.mentorship.pk for r in rows] == [risk.pk, gap.pk]
    assert rows[0].health.status == PairHealth.Status.RISK
    rows = client.get(URL, {"sort": "last_meeting"}).context["rows"]
    assert [r.mentorship.pk for r in rows] == [risk.pk, gap.pk]  # never met comes first
    assert client.get(URL, {"sort": "nonsense"}).context["sort"] == "status"


def test_the_page_takes_a_fixed_number_of_queries(client_as, curator, django_assert_num_queries):
    client = client_as(curator)
    _flagged(curator=curator)
    pair_health_refresh()
    client.get(URL)
    counts = []
    for extra in (0, 5):
        for _ in range(extra):
            _flagged(curator=curator)
        pair_health_refresh()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(URL)


def test_the_curators_dashboard_shows_the_panel_with_their_pairs(client_as, curator, other_curator):
    mine = _flagged(curator=curator)
    theirs = _flagged(curator=other_curator)
    pair_health_refresh()
    page = client_as(curator).get(reverse("indicators:dashboard")).content.decode()
    assert 'data-testid="attention-panel"' in page
    assert mine.title in page and theirs.title not in page


def test_the_curator_recomputes_on_demand(client_as, curator):
    p = _flagged(curator=curator)
    response = client_as(curator).post(reverse("health:refresh"))
    assert response.status_code == 302
    assert PairHealth.objects.get(mentorship=p).status == "attention"


def test_the_director_cannot_recompute_and_a_mentor_is_not_told_the_page_exists(client_as, director, mentor_user):
    _flagged()
    assert client_as(director).post(reverse("health:refresh")).status_code == 403
    assert client_as(mentor_user).post(reverse("health:refresh")).status_code == 404
    assert not PairHealth.objects.exists()
