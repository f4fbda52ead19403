"""The hub page: who sees it, sending a date's report, sending a failed one again, the JSON download;
the commands hub_push and hub_report."""

import datetime
import json
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from exchange.document import canonical_bytes
from exchange.models import Delivery
from portal.navigation import navigation_for

from .hub_server import KEY_ID, SECRET, FakeHub, refused_url

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 12, 20)
NOW = datetime.datetime(2024, 12, 21, 9, 0, tzinfo=datetime.UTC)
PAGE = "/reports/hub/"
TOKEN = "a-submission-token-0123456789"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def hub_settings(settings):
    settings.HUB_URL = refused_url()
    settings.HUB_SCHOOL_CODE = "licey-1"
    settings.HUB_KEY_ID = KEY_ID
    settings.HUB_KEY_SECRET = SECRET
    return settings


@pytest.fixture
def failed(db):
    return Delivery.objects.create(
        monitoring_date=D,
        status=Delivery.Status.FAILED,
        document={"monitoring_date": "2024-12-20", "school": {"name": "Лицей"}},
        digest="0" * 64,
        attempts=1,
        last_error="Хаб отклонил отчёт (422).",
        queued_at=NOW,
    )


def test_the_page_is_at_reports_hub():
    assert reverse("exchange:deliveries") == PAGE


def test_anonymous_is_sent_to_the_login_page(client):
    assert "/accounts/login/" in client.get(PAGE)["Location"]
    assert "/accounts/login/" in client.post(reverse("exchange:queue"), {"as_of": "2024-12-20"})["Location"]


def test_a_curator_may_neither_see_nor_queue(client_as, curator, failed, hub_settings):
    client = client_as(curator)
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("exchange:document", args=[failed.pk])).status_code == 403
    assert client.post(reverse("exchange:queue"), {"as_of": "2024-06-20"}).status_code == 403
    assert client.post(reverse("exchange:resend", args=[failed.pk])).status_code == 403
    assert Delivery.objects.count() == 1 and Delivery.objects.get().status == Delivery.Status.FAILED


def test_the_director_sees_the_deliveries_and_the_form(client_as, director, failed, hub_settings):
    Delivery.objects.filter(pk=failed.pk).update(hub_status=422)
    body = client_as(director).get(PAGE).content.decode()
    assert "ответ 422" in body
    assert "Отчёты в хаб мониторинга" in body and "20.12.2024" in body
    assert "Хаб отклонил отчёт (422)." in body and "Не доставлен" in body
    assert "Отправить отчёт за дату" in body and "Отправить ещё раз" in body
    assert '<option value="2024-12-20">20.12.2024</option>' in body


def test_without_hub_url_the_page_says_so_and_offers_no_form(client_as, director, settings):
    settings.HUB_URL = ""
    body = client_as(director).get(PAGE).content.decode()
    assert "Хаб не настроен (HUB_URL не задан)" in body and "queue-form" not in body


def test_the_director_queues_a_dates_report_once_per_submission(client_as, director, hub_settings):
    client = client_as(director)
    data = {"as_of": "2024-12-20", "submission_token": TOKEN}
    response = client.post(reverse("exchange:queue"), data, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "Отчёт за 20.12.2024 поставлен в очередь на отправку в хаб." in response.content.decode()
    again = client.post(reverse("exchange:queue"), data, follow=True)
    assert "Эта форма уже была отправлена: запись создана один раз." in again.content.decode()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.QUEUED and delivery.queued_by == director
    assert delivery.document["school"]["code"] == "licey-1"


def test_a_date_that_is_not_a_monitoring_date_is_refused(client_as, director, hub_settings):
    response = client_as(director).post(reverse("exchange:queue"), {"as_of": "2024-12-19"}, follow=True)
    assert "Выберите корректный вариант" in response.content.decode()
    assert Delivery.objects.count() == 0


def test_the_admin_sends_a_failed_report_again(client_as, admin_user_role, failed, hub_settings):
    response = client_as(admin_user_role).post(reverse("exchange:resend", args=[failed.pk]), follow=True)
    assert "поставлен в очередь" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.QUEUED and failed.attempts == 0 and failed.last_error == ""


def test_a_delivered_report_is_not_sent_again_from_the_page(client_as, admin_user_role, failed, hub_settings):
    Delivery.objects.filter(pk=failed.pk).update(status=Delivery.Status.DELIVERED)
    response = client_as(admin_user_role).post(reverse("exchange:resend", args=[failed.pk]), follow=True)
    assert "Повторно отправляется только недоставленный отчёт." in response.content.decode()
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_an_unknown_delivery_is_404(client_as, director, hub_settings):
    client = client_as(director)
    assert client.get(reverse("exchange:document", args=[999])).status_code == 404
    assert client.post(reverse("exchange:resend", args=[999])).status_code == 404


def test_the_document_downloads_as_a_json_attachment(client_as, director, failed):
    response = client_as(director).get(reverse("exchange:document", args=[failed.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")
    assert "monitoring-report-2024-12-20.json" in response["Content-Disposition"]
    assert response.content == canonical_bytes(failed.document)


def test_the_pages_answer_only_their_methods(client_as, director, failed):
    client = client_as(director)
    assert client.post(PAGE).status_code == 405
    assert client.post(reverse("exchange:document", args=[failed.pk])).status_code == 405
    assert client.get(reverse("exchange:queue")).status_code == 405
    assert client.get(reverse("exchange:resend", args=[failed.pk])).status_code == 405


def test_the_menu_offers_the_page_to_the_director_and_the_admin_only(director, admin_user_role, curator):
    def has(user):
        return any(item.url == PAGE for item in navigation_for(user))

    assert has(director) and has(admin_user_role) and not has(curator)


# Commands --------------------------------------------------------------------------------------------------


def test_hub_push_without_hub_url_says_so_in_russian(settings):
    settings.HUB_URL = ""
    with pytest.raises(CommandError, match="Хаб не настроен"):
        call_command("hub_push", "--date", "2024-12-20")


def test_hub_push_queues_the_report(hub_settings):
    out = StringIO()
    call_command("hub_push", "--date", "2024-12-20", stdout=out)
    assert out.getvalue().strip() == "Отчёт за 20.12.2024 поставлен в очередь на отправку в хаб."
    assert Delivery.objects.get().status == Delivery.Status.QUEUED


def test_hub_push_now_sends_and_prints_the_result(hub_settings):
    with FakeHub() as hub:
        hub_settings.HUB_URL = hub.url
        out = StringIO()
        call_command("hub_push", "--date", "2024-12-20", "--now", stdout=out)
    assert out.getvalue().strip() == "Отчёт за 20.12.2024 доставлен в хаб (ответ 201)."
    assert len(hub.requests) == 1 and hub.requests[0]["valid"]


def test_hub_push_now_prints_the_next_attempt_when_the_hub_is_down(hub_settings):
    out = StringIO()
    call_command("hub_push", "--date", "2024-12-20", "--now", stdout=out)
    assert "не дошёл до хаба: Хаб недоступен (нет соединения). Следующая попытка — 21.12.2024 12:01" in out.getvalue()


def test_hub_push_now_fails_on_a_refusal(hub_settings):
    with FakeHub() as hub:
        hub_settings.HUB_URL = hub.url
        hub.answers = [(422, {"detail": "Школа не зарегистрирована."})]
        with pytest.raises(
            CommandError, match=re.escape("не доставлен: Хаб отклонил отчёт (422): Школа не зарегистрирована.")
        ):
            call_command("hub_push", "--date", "2024-12-20", "--now")


def test_hub_push_refuses_a_wrong_date(hub_settings):
    with pytest.raises(CommandError, match="Неверная дата"):
        call_command("hub_push", "--date", "20.12.2024")
    with pytest.raises(CommandError, match="только за даты мониторинга"):
        call_command("hub_push", "--date", "2024-12-19")


def test_hub_report_prints_the_document(settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    out = StringIO()
    call_command("hub_report", "--date", "2024-12-20", stdout=out)
    document = json.loads(out.getvalue())
    assert document["monitoring_date"] == "2024-12-20" and document["school"]["code"] == "licey-1"
    assert Delivery.objects.count() == 0
