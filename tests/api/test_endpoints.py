"""What the endpoints answer: the portal's own figures, conditional GETs, the registry's journal."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from api.models import RegistryRead
from indicators.selectors import kpi_compute
from indicators.services import snapshot_get_or_record
from mentorship.models import Person
from mentorship.selectors import report_participation
from monitoring.models import Item, Purpose, Questionnaire, Role
from monitoring.services import response_submit
from tests.factories import MentorshipFactory, StudentFactory
from tests.public.factories import DocumentFactory

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 12, 20)


@pytest.fixture
def registry():
    MentorshipFactory(start_date=datetime.date(2024, 9, 1))
    MentorshipFactory(start_date=datetime.date(2024, 10, 1), status="completed", end_date=datetime.date(2024, 12, 1))


def _values(indicators):
    return [(v["code"], v["numerator"], v["denominator"], v["value"]) for v in indicators]


def test_kpi_answers_the_read_model_figures_on_a_date(api, registry):
    body = api().get(reverse("api:kpi"), {"as_of": "2024-12-01"}).json()
    expected = kpi_compute(as_of=datetime.date(2024, 12, 1))
    assert body["as_of"] == "2024-12-01"
    assert _values(body["indicators"]) == [
        (v.code, v.numerator, v.denominator, None if v.value is None else float(v.value)) for v in expected
    ]
    assert body["indicators"][0]["numerator"] == 2
    assert {v["source"] for v in body["indicators"]} == {"live"}


def test_kpi_of_a_year_reads_the_recorded_monitoring_date(api, registry):
    recorded = snapshot_get_or_record(as_of=D)
    StudentFactory()  # the registry changes after the snapshot: the recorded value stays
    MentorshipFactory(start_date=datetime.date(2024, 11, 1))
    body = api().get(reverse("api:kpi"), {"year": 2024}).json()
    assert body["as_of"] == "2024-12-20"
    assert [v["numerator"] for v in body["indicators"]] == [v.numerator for v in recorded]
    assert {v["source"] for v in body["indicators"]} == {"recorded"}


def test_kpi_by_year_lists_every_year_with_plan_and_fact(api, registry):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 0), tick=False):
        body = api().get(reverse("api:kpi_years")).json()
        one = api(name="год").get(reverse("api:kpi_years"), {"year": 2024}).json()
    years = [y["year"] for y in body["indicators"][0]["years"]]
    assert years[0] == 2020 and 2025 in years
    assert [y["year"] for y in one["indicators"][0]["years"]] == [2024]
    assert one["indicators"][0]["years"][0]["year_end"]["numerator"] == 2


def test_kpi_takes_a_fixed_number_of_queries(api, registry, django_assert_num_queries):
    client = api()
    client.get(reverse("api:kpi"))
    MentorshipFactory.create_batch(5, start_date=datetime.date(2024, 9, 1))
    # token, then the read model: snapshots, indicators, targets, enterprise counts, the counts.
    with django_assert_num_queries(7):
        assert client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}).status_code == 200


def test_a_conditional_get_answers_304_until_the_data_change(api, registry):
    client = api()
    first = client.get(reverse("api:kpi"), {"as_of": "2024-12-01"})
    etag = first["ETag"]
    assert etag.startswith('"') and "no-cache" in first["Cache-Control"]
    again = client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    MentorshipFactory(start_date=datetime.date(2024, 11, 1))
    changed = client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_aggregates_are_the_summary_counts_without_people(api, registry):
    MentorshipFactory(
        start_date=datetime.date(2024, 2, 1),
        status="terminated",
        end_date=datetime.date(2024, 5, 1),
        termination_reason="Переезд Ивановой",
    )
    response = api().get(reverse("api:aggregates"), {"as_of": "2024-12-20"})
    body = response.json()
    assert body["participation"]["total"] == report_participation(datetime.date(2024, 1, 1), D)["total"]
    assert body["movements"]["total"] == {"started": 3, "completed": 1, "terminated": 1}
    assert sum(r["mentorships"] for r in body["pairs_by_status"]) == 3
    assert set(body["sources"]) == {"monitoring.questionnaires"}  # registered by monitoring's ready()
    text = response.content.decode()
    for person in Person.objects.all():
        assert person.last_name not in text
    assert "Ивановой" not in text


def test_the_checklist_lists_published_documents_with_public_links_and_marks_the_rest_absent(api, registry):
    DocumentFactory(title="Положение о программе", date=datetime.date(2020, 12, 1))
    DocumentFactory(kind="order", title="Приказ о закреплении", date=datetime.date(2025, 1, 10))
    DocumentFactory(kind="order", title="Черновик приказа", status="draft")
    body = api().get(reverse("api:checklist"), {"as_of": "2024-12-20"}).json()
    items = {i["code"]: i for i in body["items"]}
    assert items["regulation"]["present"] is True
    link = items["regulation"]["links"][0]
    assert link["title"] == "Положение о программе" and link["url"].startswith("http://testserver/mentoring/")
    assert items["orders"]["present"] is False  # dated after the checklist's date, or a draft
    assert items["pairs"] == {**items["pairs"], "present": True, "count": 1}  # the other ended on 01.12
    assert items["roadmap"]["present"] is True  # the lyceum's 2020–2024 roadmap
    assert list(items) == [
        "regulation",
        "orders",
        "roadmap_document",
        "programmes",
        "roadmap",
        "mentors_database",
        "mentees_database",
        "pairs",
    ]


def test_roadmap_occurrences_are_paginated_and_filtered_by_year_and_change(api):
    client = api()
    body = client.get(reverse("api:roadmap_occurrences"), {"year": 2021, "page_size": 2}).json()
    assert body["count"] > 2 and len(body["results"]) == 2
    assert all(r["due_on"].startswith("2021-") for r in body["results"])
    assert body["results"][0]["status"] in {"planned", "in_progress", "done", "overdue"}
    future = client.get(reverse("api:roadmap_occurrences"), {"changed_since": "2999-01-01T00:00:00Z"}).json()
    assert future["count"] == 0
    execution = client.get(reverse("api:roadmap_execution"), {"year": 2021}).json()
    assert execution["total"] == body["count"] and sum(execution["by_status"].values()) == execution["total"]


def test_every_registry_read_is_journaled_with_token_path_and_count(make_token, registry):
    from django.test import Client

    token, key = make_token(["registry"], name="реестр")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    people = client.get(reverse("api:registry_people"), {"kind": "student"})
    pairs = client.get(reverse("api:registry_pairs"))
    assert people.status_code == pairs.status_code == 200
    reads = list(RegistryRead.objects.order_by("pk").values_list("token", "path", "query", "count"))
    assert reads == [
        (token.pk, "/api/v1/registry/people/", "kind=student", people.json()["count"]),
        (token.pk, "/api/v1/registry/pairs/", "", 2),
    ]
    person = people.json()["results"][0]
    assert "birth_date" not in person and "email" not in person and "phone" not in person
    assert "categories" not in person
    pair = pairs.json()["results"][0]
    assert isinstance(pair["mentor"], int) and all(isinstance(m, int) for m in pair["mentees"])
    assert "request" not in pair and "goal" not in pair


def test_a_refused_registry_read_leaves_no_journal_row(api, registry):
    assert api(["kpi"], name="без реестра").get(reverse("api:registry_people")).status_code == 403
    assert not RegistryRead.objects.exists()


def test_the_kpi_figures_are_kept_in_the_cache_for_api_cache_seconds(api, registry, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_CACHE_SECONDS = 60
    client = api()
    first = client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}).json()
    MentorshipFactory(start_date=datetime.date(2024, 11, 1))
    assert client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}).json() == first  # kept
    cache.clear()
    assert client.get(reverse("api:kpi"), {"as_of": "2024-12-01"}).json()["indicators"][0]["numerator"] == 3


def test_aggregates_carry_the_questionnaires_means_and_growth_but_no_answers_text(api):
    pair = MentorshipFactory(start_date=datetime.date(2024, 9, 1))
    mentee = pair.mentees.get()
    entry = Questionnaire.objects.create(code="api-entry", title="Вход", purpose=Purpose.ENTRY, role=Role.MENTEE)
    exit_ = Questionnaire.objects.create(code="api-exit", title="Выход", purpose=Purpose.EXIT, role=Role.MENTEE)
    for questionnaire in (entry, exit_):
        Item.objects.create(questionnaire=questionnaire, key="motivation", kind=Item.Kind.SCALE, text="Мотивация")
        Item.objects.create(
            questionnaire=questionnaire, key="note", kind=Item.Kind.TEXT, text="Что ещё?", required=False
        )
    for questionnaire, score, day in ((entry, 4, 1), (exit_, 7, 2)):
        response_submit(
            questionnaire=questionnaire,
            role=Role.MENTEE,
            answers={"motivation": score, "note": "Спасибо Ивановой за помощь"},
            channel="paper",
            person=mentee,
            mentorship=pair,
            submitted_at=timezone.make_aware(datetime.datetime(2024, 11, day, 12)),
        )
    response = api().get(reverse("api:aggregates"), {"as_of": "2024-12-20"})
    source = response.json()["sources"]["monitoring.questionnaires"]
    by_key = {(i["questionnaire"], i["key"]): i for i in source["items"]}
    assert by_key[("Вход", "motivation")]["mean"] == 4.0 and by_key[("Выход", "motivation")]["mean"] == 7.0
    assert by_key[("Выход", "note")]["answers"] == 1
    [row] = source["growth"]["rows"]
    assert (row["key"], row["compared"], row["improved"], row["mean_change"]) == ("motivation", 1, 1, 3.0)
    assert "Ивановой" not in response.content.decode()
