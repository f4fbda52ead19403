import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from hub.models import Campaign
from hub.services import campaign_save, report_receive
from submissions.decorators import FIELD, submission_token_new
from tests.hub.ingest import DATE, analyst, document, reporter, tree


@pytest.fixture
def hub(db):
    return tree()


def _campaign():
    return campaign_save(
        monitoring_date=DATE,
        title="Мониторинг 20.12.2026",
        opens_on=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 25),
        closes_on=datetime.date(2027, 1, 31),
    )


def _data(**changes):
    data = {
        "monitoring_date": "2026-12-20",
        "title": "Декабрь",
        "opens_on": "2026-12-01",
        "deadline": "2026-12-25",
        "closes_on": "2027-01-31",
        FIELD: submission_token_new(),
    }
    return {**data, **changes}


def test_the_administrator_creates_a_campaign(client, hub, admin_user_role):
    client.force_login(admin_user_role)
    assert client.get(reverse("hub:campaign_create")).status_code == 200

    response = client.post(reverse("hub:campaign_create"), _data())

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hub:campaign_detail", args=[campaign.pk])
    assert (campaign.opens_on, campaign.deadline, campaign.closes_on) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 25),
        datetime.date(2027, 1, 31),
    )


def test_the_same_create_form_sent_twice_makes_one_campaign(client, hub, admin_user_role):
    client.force_login(admin_user_role)
    data = _data()
    client.post(reverse("hub:campaign_create"), data)
    client.post(reverse("hub:campaign_create"), data)
    assert Campaign.objects.count() == 1


def test_the_window_is_validated_in_russian(client, hub, admin_user_role):
    client.force_login(admin_user_role)

    response = client.post(reverse("hub:campaign_create"), _data(monitoring_date="2026-12-21", deadline="2026-11-01"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Дата мониторинга — 20 июня или 20 декабря." in text
    assert "Срок сдачи не может быть раньше открытия сбора." in text
    assert not Campaign.objects.exists()


def test_the_administrator_changes_the_deadline(client, hub, admin_user_role):
    campaign = _campaign()
    client.force_login(admin_user_role)
    url = reverse("hub:campaign_edit", args=[campaign.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, _data(deadline="2026-12-28"))

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.deadline == datetime.date(2026, 12, 28)


def test_the_campaign_page_lists_who_submitted_and_who_has_not_among_the_visible_schools(client, hub):
    campaign = _campaign()
    report_receive(school=hub["school"], document=document())
    client.force_login(analyst(hub["town"]))

    response = client.get(reverse("hub:campaign_detail", args=[campaign.pk]))

    assert response.status_code == 200
    state = response.context["state"]
    assert [r.organisation.code for r in state.submitted] == ["sch-1"]
    assert [s.code for s in state.missing] == ["sch-2"]  # sch-9 is another municipality's
    assert "Школа № 9" not in response.content.decode()
    assert (state.on_time, state.late) == (1, 0)


def test_the_region_sees_every_school_of_the_region(client, hub):
    campaign = _campaign()
    client.force_login(analyst(hub["region"]))

    state = client.get(reverse("hub:campaign_detail", args=[campaign.pk])).context["state"]

    assert {s.code for s in state.missing} == {"sch-1", "sch-2", "sch-9"}


def test_access_to_the_campaign_pages(client, hub, curator, admin_user_role):
    campaign = _campaign()
    urls = {
        "list": reverse("hub:campaign_list"),
        "create": reverse("hub:campaign_create"),
        "detail": reverse("hub:campaign_detail", args=[campaign.pk]),
        "edit": reverse("hub:campaign_edit", args=[campaign.pk]),
    }
    for url in urls.values():
        assert client.get(url).status_code == 302  # anonymous: the login page
    assert client.post(urls["create"], _data()).status_code == 302
    client.force_login(curator)
    for url in urls.values():
        assert client.get(url).status_code == 403
    assert client.post(urls["create"], _data()).status_code == 403
    assert client.post(urls["edit"], _data()).status_code == 403
    client.force_login(analyst(hub["town"]))
    assert client.get(urls["list"]).status_code == 200
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["create"]).status_code == 403
    assert client.post(urls["edit"], _data(deadline="2026-12-28")).status_code == 403
    client.force_login(reporter(hub["paper"]))
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["edit"]).status_code == 403
    client.force_login(admin_user_role)
    assert client.get(urls["list"]).status_code == 200
    assert client.get(reverse("hub:campaign_detail", args=[campaign.pk + 100])).status_code == 404
    campaign.refresh_from_db()
    assert campaign.deadline == datetime.date(2026, 12, 25)


@override_settings(HUB_ENABLED=False)
def test_the_campaign_pages_answer_404_where_the_portal_is_not_a_hub(client, hub, admin_user_role):
    client.force_login(admin_user_role)
    assert client.get(reverse("hub:campaign_list")).status_code == 404
