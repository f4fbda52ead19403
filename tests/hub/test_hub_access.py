"""Who opens the hub's roll-up pages (hubviews; docs/hub-rollups.md «Кто что видит»).

anonymous → the login page; a role without hub.view_report (a curator) → 403; an analyst without a
hub.Member organisation → 403 (the permission without an organisation to read); another's organisation
or report → 404; HUB_ENABLED off → 404; POST → 405 (the pages only show)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.navigation import navigation_for
from tests.hub import factories_views as f
from tests.hub.ingest import reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = f.region()
    north = f.municipality("43-1", region, "Север")
    south = f.municipality("43-2", region, "Юг")
    own = f.report(f.school("a", north, "Школа А"))
    other = f.report(f.school("c", south, "Школа В"))
    return {"region": region, "north": north, "south": south, "own": own, "other": other}


def _urls(world, code="43-1", report=None):
    pk = (report or world["own"]).pk
    return [
        reverse("hub:dashboard"),
        reverse("hub:organisation", args=[code]),
        reverse("hub:checklist", args=[code]),
        reverse("hub:missing", args=[code]),
        reverse("hub:summary", args=[code]),
        reverse("hub:export", args=[code]),
        reverse("hub:report", args=[pk]),
        reverse("hub:report_json", args=[pk]),
    ]


def test_anonymous_is_sent_to_the_login_page(client, world):
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_curator_is_refused(client, world, curator):
    client.force_login(curator)
    for url in _urls(world):
        assert client.get(url).status_code == 403, url


def test_an_analyst_without_an_organisation_is_refused(client, world):
    client.force_login(f.analyst())
    for url in _urls(world):
        assert client.get(url).status_code == 403, url


def test_the_municipality_analyst_opens_every_page_of_its_own(client, world):
    client.force_login(f.analyst(world["north"]))
    for url in _urls(world):
        assert client.get(url).status_code == 200, url


def test_another_municipality_and_its_report_are_404(client, world):
    client.force_login(f.analyst(world["north"]))
    for url in _urls(world, code="43-2", report=world["other"])[1:]:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("hub:organisation", args=["43"])).status_code == 404  # the region above
    assert client.get(reverse("hub:organisation", args=["no-such"])).status_code == 404


def test_the_region_analyst_sees_both_municipalities(client, world):
    client.force_login(f.analyst(world["region"]))
    for url in _urls(world, code="43-2", report=world["other"]):
        assert client.get(url).status_code == 200, url


def test_every_page_answers_post_with_405(client, world):
    client.force_login(f.analyst(world["north"]))
    for url in _urls(world):
        assert client.post(url).status_code == 405, url


@override_settings(HUB_ENABLED=False)
def test_nothing_of_the_hub_opens_where_the_portal_is_not_a_hub(client, world):
    client.force_login(f.analyst(world["region"]))
    for url in _urls(world):
        assert client.get(url).status_code == 404, url


def _menu_items(user):
    """The menu's items, the groups' ones included."""
    items = []
    for entry in navigation_for(user):
        items.extend(getattr(entry, "items", [entry]))
    return items


def test_the_menu_offers_the_collections_to_the_analyst_and_the_upload_to_the_school_s_reporter(world, curator):
    collections, upload = reverse("hub:campaign_list"), reverse("hub:upload")
    analyst_urls = [item.url for item in _menu_items(f.analyst(world["north"]))]
    assert collections in analyst_urls and upload not in analyst_urls
    school = world["own"].organisation
    reporter_items = {item.url: item for item in _menu_items(reporter(school))}
    assert reporter_items[upload].label == "Загрузка отчёта" and reporter_items[upload].home
    # A reporter linked to a municipality has no school to upload for: the page would refuse, so no entry.
    assert upload not in [item.url for item in _menu_items(reporter(world["north"]))]
    assert {collections, upload}.isdisjoint(item.url for item in _menu_items(curator))
    with override_settings(HUB_ENABLED=False):
        assert {collections, upload}.isdisjoint(item.url for item in _menu_items(reporter(school)))


def test_the_menu_offers_the_hub_only_to_who_may_read_it(world, curator):
    def hub_items(user):
        return [item for item in _menu_items(user) if item.url == reverse("hub:dashboard")]

    analyst = f.analyst(world["north"])
    (item,) = hub_items(analyst)
    assert item.label == "Сводные показатели" and item.group == "Мониторинг школ" and item.home
    assert hub_items(f.analyst()) == []
    assert hub_items(curator) == []
    with override_settings(HUB_ENABLED=False):
        assert hub_items(f.analyst(world["region"])) == []


def test_the_breadcrumbs_never_link_above_the_viewer_s_organisation(client, world):
    client.force_login(f.analyst(world["north"]))
    html = client.get(reverse("hub:organisation", args=["43-1"])).content.decode()
    assert reverse("hub:organisation", args=["43"]) not in html
    html = client.get(reverse("hub:report", args=[world["own"].pk])).content.decode()
    assert reverse("hub:organisation", args=["43-1"]) in html
    client.force_login(f.analyst(world["region"]))
    html = client.get(reverse("hub:organisation", args=["43-1"])).content.decode()
    assert reverse("hub:organisation", args=["43"]) in html


def test_a_link_that_is_not_a_web_address_is_never_shown(client, world):
    report = world["own"]
    report.document["checklist"][0]["links"].append({"title": "Плохая", "date": None, "url": "javascript:alert(1)"})
    report.save()
    client.force_login(f.analyst(world["north"]))
    for url in (reverse("hub:report", args=[report.pk]), reverse("hub:checklist", args=["43-1"])):
        html = client.get(url).content.decode()
        assert "javascript:" not in html and "https://school.example/docs/1" in html
