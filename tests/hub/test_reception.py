import datetime
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from exchange.document import canonical_bytes
from exchange.signing import SIGNATURE_TOLERANCE_SECONDS, signed_headers
from hub.keys import secret_for
from hub.models import Campaign, Report, ReportIndicator, SchoolKey
from hub.services import school_key_revoke
from tests.hub.ingest import DATE, answer, changed, document, push, tree
from tests.parallel import in_parallel, require_postgres


@pytest.fixture
def hub(db):
    return tree()


def _push(client, hub, body=None, **kwargs):
    return push(client, document() if body is None else body, key_id=hub["key"].key_id, secret=hub["secret"], **kwargs)


def test_a_signed_report_is_accepted_with_its_indicators_and_the_key_marked_used(client, hub):
    response = _push(client, hub)

    assert response.status_code == 201
    assert answer(response)["status"] == "created"
    report = Report.objects.get()
    assert (report.organisation, report.monitoring_date, report.source, report.late) == (
        hub["school"],
        DATE,
        "push",
        False,
    )
    rows = {row.code: row for row in ReportIndicator.objects.filter(report=report)}
    assert (rows["students_mentees"].numerator, rows["students_mentees"].denominator) == (3, 10)
    assert rows["students_mentees"].municipality == hub["town"]
    assert rows["students_mentees"].region == hub["region"]
    assert SchoolKey.objects.get().last_used_at is not None


def test_the_secret_is_derived_from_the_key_id_and_never_stored(hub):
    assert hub["secret"] == secret_for(hub["key"].key_id)
    assert hub["key"].key_id.startswith("k_")
    assert all(hub["secret"] not in str(value) for value in SchoolKey.objects.values().get().values())


def test_a_tampered_body_is_refused_with_403_and_nothing_is_stored(client, hub):
    raw = canonical_bytes(document())
    headers = signed_headers(key_id=hub["key"].key_id, secret=hub["secret"], body=raw)
    tampered = raw.replace(b'"numerator":3', b'"numerator":9')

    response = client.post(reverse("hub:reception"), data=tampered, content_type="application/json", headers=headers)

    assert response.status_code == 403
    assert answer(response)["detail"] == "Подпись отчёта не сходится."
    assert not Report.objects.exists()
    assert not ReportIndicator.objects.exists()


def test_a_stale_timestamp_is_refused_with_403(client, hub):
    response = _push(client, hub, now=time.time() - SIGNATURE_TOLERANCE_SECONDS - 60)

    assert response.status_code == 403
    assert answer(response)["detail"] == "Запрос устарел."
    assert not Report.objects.exists()


@pytest.mark.parametrize("which", ["unknown", "revoked", "wrong secret"])
def test_an_unknown_revoked_or_wrong_key_is_refused_with_403(client, hub, which):
    key_id, secret = hub["key"].key_id, hub["secret"]
    if which == "unknown":
        key_id = "k_unknown"
    elif which == "revoked":
        school_key_revoke(key=hub["key"])
    else:
        secret = secret_for("k_another")

    response = push(client, document(), key_id=key_id, secret=secret)

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_another_schools_report_is_refused_with_403(client, hub):
    response = _push(client, hub, document(code="sch-9"))

    assert response.status_code == 403
    assert answer(response)["detail"] == "Отчёт другой школы."
    assert not Report.objects.exists()


def test_a_body_that_is_not_json_is_400(client, hub):
    response = _push(client, hub, b"not json {")

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_an_invalid_report_is_422_with_the_errors_in_russian(client, hub):
    body = document()
    body["kpi"][0]["numerator"] = -1
    body["school"]["name"] = "Иванов Иван"
    body["person"] = "Иванов"

    response = _push(client, hub, body)

    assert response.status_code == 422
    data = answer(response)
    assert data["detail"] == "Отчёт не соответствует формату."
    assert data["errors"]
    assert not Report.objects.exists()


def test_a_date_that_is_not_a_monitoring_date_is_422(client, hub):
    response = _push(client, hub, document(date=datetime.date(2026, 12, 1)))

    assert response.status_code == 422
    assert "не дата мониторинга" in answer(response)["detail"]


def test_the_same_report_twice_keeps_one_row_and_answers_unchanged(client, hub):
    assert _push(client, hub).status_code == 201

    response = _push(client, hub)

    assert response.status_code == 200
    assert answer(response)["status"] == "unchanged"
    assert Report.objects.count() == 1
    assert ReportIndicator.objects.count() == 4


def test_a_corrected_report_replaces_the_document_and_counts_a_revision(client, hub):
    _push(client, hub)

    response = _push(client, hub, changed(document(), students_mentees=5))

    assert response.status_code == 200
    assert answer(response) == {
        "detail": "Отчёт заменён.",
        "status": "replaced",
        "revision": 2,
        "late": False,
    }
    report = Report.objects.get()
    assert report.revision == 2
    assert ReportIndicator.objects.get(report=report, code="students_mentees").numerator == 5
    assert ReportIndicator.objects.count() == 4


def _campaign(opens, deadline, closes):
    return Campaign.objects.create(monitoring_date=DATE, opens_on=opens, deadline=deadline, closes_on=closes)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def test_a_report_after_the_deadline_is_accepted_and_marked_late(client, hub, time_machine):
    _campaign(datetime.date(2026, 12, 10), datetime.date(2026, 12, 25), datetime.date(2027, 1, 15))
    time_machine.move_to(_at(datetime.date(2026, 12, 26)), tick=True)

    response = _push(client, hub)

    assert response.status_code == 201
    assert answer(response)["late"] is True
    report = Report.objects.get()
    assert report.late is True
    assert report.campaign is not None


def test_a_report_within_the_deadline_is_not_late(client, hub, time_machine):
    _campaign(datetime.date(2026, 12, 10), datetime.date(2026, 12, 25), datetime.date(2027, 1, 15))
    time_machine.move_to(_at(datetime.date(2026, 12, 25)), tick=True)

    assert _push(client, hub).status_code == 201
    assert Report.objects.get().late is False


@pytest.mark.parametrize(
    ("day", "detail"),
    [(datetime.date(2026, 12, 9), "Сбор ещё не открыт"), (datetime.date(2027, 1, 16), "Сбор закрыт")],
)
def test_a_report_before_the_window_or_after_the_close_is_422(client, hub, time_machine, day, detail):
    _campaign(datetime.date(2026, 12, 10), datetime.date(2026, 12, 25), datetime.date(2027, 1, 15))
    time_machine.move_to(_at(day), tick=True)

    response = _push(client, hub)

    assert response.status_code == 422
    assert answer(response)["detail"].startswith(detail)
    assert not Report.objects.exists()


def test_the_reception_answers_405_on_get(client, hub):
    assert client.get(reverse("hub:reception")).status_code == 405


@override_settings(HUB_ENABLED=False)
def test_the_reception_answers_404_where_the_portal_is_not_a_hub(client, hub):
    assert _push(client, hub).status_code == 404
    assert client.get(reverse("hub:reception")).status_code == 404
    assert not Report.objects.exists()


def test_a_body_larger_than_2_mb_is_413(client, hub):
    response = _push(client, hub, b"{" + b" " * (2 * 1024 * 1024) + b"}")

    assert response.status_code == 413


@pytest.mark.django_db(transaction=True)
def test_parallel_pushes_of_one_report_make_exactly_one_row():
    require_postgres()
    hub = tree()
    raw = canonical_bytes(document())

    def send(client, _i):
        headers = signed_headers(key_id=hub["key"].key_id, secret=hub["secret"], body=raw)
        return client.post(reverse("hub:reception"), data=raw, content_type="application/json", headers=headers)

    responses = in_parallel(8, send)

    assert sorted(r.status_code for r in responses) == [200] * 7 + [201]
    assert Report.objects.count() == 1
    assert ReportIndicator.objects.count() == 4


def test_a_deeply_nested_body_is_400_not_a_server_error(client, hub):
    response = _push(client, hub, b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
