"""Queueing and pushing the report: signed, identical on every retry, backoff, refusals, the claim."""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from exchange import services
from exchange.document import canonical_bytes, digest
from exchange.models import Delivery
from exchange.services import (
    backoff,
    deliveries_retry_due,
    delivery_queue,
    delivery_queue_due,
    delivery_send,
)
from tests.factories import MentorshipFactory
from tests.parallel import require_postgres

from .hub_server import KEY_ID, SECRET, FakeHub, refused_url

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 12, 20)
NOW = datetime.datetime(2024, 12, 21, 9, 0, tzinfo=datetime.UTC)
Status = Delivery.Status


@pytest.fixture
def hub_settings(settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    settings.HUB_KEY_ID = KEY_ID
    settings.HUB_KEY_SECRET = SECRET
    settings.HUB_PUSH_MAX_ATTEMPTS = 10
    settings.HUB_URL = refused_url()
    return settings


@pytest.fixture
def hub(hub_settings):
    with FakeHub() as fake:
        hub_settings.HUB_URL = fake.url
        yield fake


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def queued(hub_settings, traveller):
    MentorshipFactory(start_date=datetime.date(2024, 9, 1))
    delivery, was_queued = delivery_queue(as_of=D)
    assert was_queued
    return delivery


def test_a_queued_delivery_holds_the_document_and_its_digest(queued):
    assert queued.status == Status.QUEUED and queued.attempts == 0
    assert queued.document["monitoring_date"] == "2024-12-20"
    assert queued.digest == digest(queued.document)
    assert queued.next_attempt_at == NOW


def test_a_push_posts_the_signed_canonical_bytes_and_is_delivered(queued, hub):
    hub.answers = [(201, {"status": "created"})]
    delivery = delivery_send(delivery_id=queued.pk)
    assert delivery.status == Status.DELIVERED and delivery.hub_status == 201
    assert delivery.delivered_at == NOW and delivery.next_attempt_at is None and delivery.attempts == 1
    (request,) = hub.requests
    assert request["valid"] and request["path"] == "/hub/api/reports/"
    assert request["type"] == "application/json"
    assert request["body"] == canonical_bytes(queued.document)


def test_an_unchanged_or_replaced_answer_200_is_delivered_too(queued, hub):
    hub.answers = [(200, {"status": "unchanged"})]
    assert delivery_send(delivery_id=queued.pk).status == Status.DELIVERED


def test_connection_refused_retries_after_one_then_two_minutes_then_lands_once(queued, hub_settings, traveller):
    delivery = delivery_send(delivery_id=queued.pk)
    assert delivery.status == Status.RETRYING and delivery.attempts == 1
    assert delivery.next_attempt_at == NOW + datetime.timedelta(minutes=1)
    assert delivery.last_error == "Хаб недоступен (нет соединения)."
    assert deliveries_retry_due() == []  # not yet due
    traveller.shift(datetime.timedelta(minutes=1))
    assert deliveries_retry_due() == [queued.pk]
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING and delivery.attempts == 2
    assert delivery.next_attempt_at == NOW + datetime.timedelta(minutes=3)
    with FakeHub() as fake:
        hub_settings.HUB_URL = fake.url
        traveller.shift(datetime.timedelta(minutes=2))
        assert deliveries_retry_due() == [queued.pk]
        assert deliveries_retry_due() == []
        traveller.shift(datetime.timedelta(hours=1))
        assert deliveries_retry_due() == []
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED and delivery.attempts == 3 and delivery.last_error == ""
    assert len(fake.requests) == 1 and fake.requests[0]["body"] == canonical_bytes(queued.document)


def test_every_retry_sends_the_identical_report(queued, hub, traveller):
    hub.answers = [(503, {}), (500, {}), (201, {})]
    MentorshipFactory(start_date=datetime.date(2024, 10, 1))  # the registry changes between the attempts
    for _attempt in range(3):
        delivery_send(delivery_id=queued.pk)
        traveller.shift(datetime.timedelta(hours=1))
    assert len({r["body"] for r in hub.requests}) == 1
    assert Delivery.objects.get().status == Status.DELIVERED


@pytest.mark.parametrize("code", [500, 502, 503, 408, 429])
def test_server_errors_timeouts_and_rate_limits_are_retried(queued, hub, code):
    hub.answers = [(code, {"detail": "позже"})]
    delivery = delivery_send(delivery_id=queued.pk)
    assert delivery.status == Status.RETRYING and delivery.hub_status == code
    assert str(code) in delivery.last_error


def test_a_refusal_fails_with_the_hubs_detail_and_no_retry(queued, hub, traveller):
    hub.answers = [(422, {"detail": "Отчёт не соответствует формату: kpi — нет обязательного поля"})]
    delivery = delivery_send(delivery_id=queued.pk)
    assert delivery.status == Status.FAILED and delivery.hub_status == 422 and delivery.next_attempt_at is None
    assert (
        delivery.last_error == "Хаб отклонил отчёт (422): Отчёт не соответствует формату: kpi — нет обязательного поля"
    )
    traveller.shift(datetime.timedelta(days=1))
    assert deliveries_retry_due() == [] and delivery_send(delivery_id=queued.pk) is None
    assert len(hub.requests) == 1


def test_a_refusal_without_json_says_its_code(queued, hub):
    hub.answers = [(403, {})]
    assert delivery_send(delivery_id=queued.pk).last_error == "Хаб отклонил отчёт (403)."


def test_a_wrong_signature_is_refused_by_the_hub_and_not_retried(queued, hub, hub_settings):
    hub_settings.HUB_KEY_SECRET = "not-the-secret"
    delivery = delivery_send(delivery_id=queued.pk)
    assert delivery.status == Status.FAILED and "Подпись не сходится" in delivery.last_error


def test_the_sweep_never_resends_a_delivered_report(queued, hub, traveller):
    delivery_send(delivery_id=queued.pk)
    traveller.shift(datetime.timedelta(days=30))
    assert deliveries_retry_due() == []
    assert delivery_send(delivery_id=queued.pk) is None
    assert len(hub.requests) == 1


def test_attempts_are_capped_then_the_delivery_fails(queued, hub_settings, traveller):
    hub_settings.HUB_PUSH_MAX_ATTEMPTS = 3
    for _attempt in range(3):
        delivery_send(delivery_id=queued.pk)
        traveller.shift(datetime.timedelta(hours=7))
    delivery = Delivery.objects.get()
    assert delivery.status == Status.FAILED and delivery.attempts == 3
    assert "Попытки исчерпаны (3)" in delivery.last_error
    assert deliveries_retry_due() == []


def test_backoff_doubles_from_one_minute_up_to_six_hours():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 5)] == [1, 2, 4, 8, 16]
    assert backoff(10) == datetime.timedelta(hours=6) and backoff(30) == datetime.timedelta(hours=6)


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(queued, hub, traveller):
    claimed = services._claim(queued.pk, timezone.now())
    assert claimed is not None and claimed.status == Status.SENDING
    assert services._claim(queued.pk, timezone.now()) is None
    assert delivery_send(delivery_id=queued.pk) is None
    # a worker that died mid-request: its claim runs out and the sweep takes the delivery again
    traveller.shift(services.SENDING_CLAIM)
    assert deliveries_retry_due() == [queued.pk]
    assert Delivery.objects.get().status == Status.DELIVERED and len(hub.requests) == 1


def test_the_task_is_enqueued_on_commit_with_the_id_only(
    hub_settings, traveller, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("exchange.tasks.send_delivery.apply_async", lambda args, **kw: sent.append((args, kw)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delivery, _queued = delivery_queue(as_of=D)
        assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [((delivery.pk,), {"countdown": None})]


def test_a_retry_is_enqueued_with_its_wait(queued, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr("exchange.tasks.send_delivery.apply_async", lambda args, **kw: sent.append((args, kw)))
    with django_capture_on_commit_callbacks(execute=True):
        delivery_send(delivery_id=queued.pk)
    assert sent == [((queued.pk,), {"countdown": 60})]


def test_queueing_a_date_twice_gives_the_one_delivery(queued):
    again, was_queued = delivery_queue(as_of=D)
    assert again.pk == queued.pk and not was_queued and Delivery.objects.count() == 1


def test_a_delivered_date_is_rebuilt_only_when_asked(queued, hub):
    delivery_send(delivery_id=queued.pk)
    MentorshipFactory(start_date=datetime.date(2024, 10, 1))
    same, was_queued = delivery_queue(as_of=D)
    assert not was_queued and same.status == Status.DELIVERED and same.digest == queued.digest
    rebuilt, was_queued = delivery_queue(as_of=D, rebuild=True)
    assert was_queued and rebuilt.status == Status.QUEUED and rebuilt.attempts == 0
    assert rebuilt.digest != queued.digest
    assert rebuilt.document["participation"]["total"]["mentorships"] == 2


def test_a_failed_delivery_is_queued_again_with_the_same_document(queued, hub):
    hub.answers = [(422, {"detail": "нет"})]
    delivery_send(delivery_id=queued.pk)
    again, was_queued = delivery_queue(as_of=D)
    assert was_queued and again.status == Status.QUEUED and again.last_error == "" and again.attempts == 0
    assert again.digest == queued.digest


def test_only_monitoring_dates_up_to_today_are_queued(hub_settings, traveller):
    with pytest.raises(ValidationError, match="только за даты мониторинга"):
        delivery_queue(as_of=datetime.date(2024, 12, 19))
    with pytest.raises(ValidationError, match="ещё не наступила"):
        delivery_queue(as_of=datetime.date(2025, 6, 20))


def test_without_hub_url_nothing_is_queued(settings, traveller):
    settings.HUB_URL = ""
    with pytest.raises(ValidationError, match="HUB_URL"):
        delivery_queue(as_of=D)
    assert delivery_queue_due() is None and Delivery.objects.count() == 0


def test_the_beat_queues_the_latest_monitoring_date_not_yet_queued(hub_settings, traveller):
    from roadmap.models import Programme

    if not Programme.objects.exists():
        pytest.skip("no roadmap period in the reference data")
    first = delivery_queue_due()
    assert first.monitoring_date == D
    second = delivery_queue_due()
    assert second is not None and second.monitoring_date == datetime.date(2024, 6, 20)


@pytest.mark.django_db(transaction=True)
def test_parallel_queues_of_one_date_make_one_delivery(hub_settings):
    require_postgres()
    from tests.parallel import in_parallel

    with time_machine.travel(NOW, tick=False):
        results = in_parallel(6, lambda client, i: delivery_queue(as_of=D))
    assert Delivery.objects.count() == 1
    assert sum(queued for _delivery, queued in results) == 1
    assert len({delivery.pk for delivery, _queued in results}) == 1
    assert connection.vendor == "postgresql"


def test_the_document_is_json_safe(queued):
    assert json.loads(json.dumps(queued.document)) == queued.document


@pytest.mark.django_db(transaction=True)
def test_parallel_sends_of_one_delivery_make_one_request(hub_settings):
    require_postgres()
    from tests.parallel import in_parallel

    with FakeHub() as fake, time_machine.travel(NOW, tick=False):
        hub_settings.HUB_URL = fake.url
        delivery, _queued = delivery_queue(as_of=D, enqueue=False)
        results = in_parallel(6, lambda client, i: delivery_send(delivery_id=delivery.pk))
    assert sum(result is not None for result in results) == 1
    assert len(fake.requests) == 1
    assert Delivery.objects.get().status == Status.DELIVERED and Delivery.objects.get().attempts == 1


def test_without_the_school_code_nothing_is_queued(hub_settings, traveller):
    hub_settings.HUB_SCHOOL_CODE = ""
    with pytest.raises(ValidationError, match="Не задан код школы в хабе"):
        delivery_queue(as_of=D)
    assert Delivery.objects.count() == 0
