"""End to end on loopback (issue 21): three school portals push their 20.12 reports to a hub over HTTP.

The hub is the live server of this test (HUB_ENABLED); the schools are this same codebase on the same
database one after the other: two generated schools whose registries are built and rolled back (their
reports are built from their data, their own `manage.py kpi` figures recorded, before the rollback), then
the demo lyceum (`seed_demo`), whose portal goes the whole way: the beat's queue, a push while the hub is
down, the retry with backoff, and the report landing once. Every report crosses the socket signed
(exchange/signing.py) and is checked by the hub's reception.
"""

import datetime
import json
import socket
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from exchange.document import KPI_CODES
from exchange.models import Delivery
from exchange.report import report_build
from exchange.services import deliveries_retry_due, delivery_queue_due, report_post
from hub.models import Organisation, Report
from hub.selectors import rollup
from hub.services import campaign_save, organisation_save, school_key_issue
from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, School
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, form

DATE = datetime.date(2026, 12, 20)
KIROV = datetime.timezone(datetime.timedelta(hours=3))
MORNING = datetime.datetime(2026, 12, 20, 6, 40, tzinfo=KIROV)

pytestmark = pytest.mark.django_db(transaction=True)


def _kpi_figures():
    out = StringIO()
    call_command("kpi", "--as-of", DATE.isoformat(), "--format", "json", stdout=out)
    return {row["code"]: (row["numerator"], row["denominator"]) for row in json.loads(out.getvalue())["indicators"]}


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _generated_school(code, name, pairs, young_teachers):
    """A school's registry built, its report and its own kpi figures taken, and everything rolled back."""
    with transaction.atomic():
        School.objects.update(name=name, short_name=name)
        category = MenteeCategory.objects.order_by("pk").first()
        for _n in range(pairs):
            MentorshipFactory(start_date=datetime.date(2026, 9, 1))
        StudentFactory.create_batch(pairs + 2, categories=[category])
        teacher_form = form(MentorshipForm.Code.TEACHER_TEACHER)
        for _n in range(young_teachers):
            young = TeacherFactory(career_start=datetime.date(2025, 9, 1))
            MentorshipFactory(
                form=teacher_form, mentor=TeacherFactory(), mentees=[young], start_date=datetime.date(2026, 9, 1)
            )
        TeacherFactory(career_start=datetime.date(2024, 9, 1))  # a young teacher without a mentor
        with override_settings(HUB_SCHOOL_CODE=code):
            document = report_build(as_of=DATE)
        figures = _kpi_figures()
        transaction.set_rollback(True)
    assert Mentorship.objects.count() == 0
    return document, figures


def test_three_schools_push_their_reports_and_the_hub_rolls_up_their_own_kpi_figures(live_server):
    region = organisation_save(kind=Organisation.Kind.REGION, code="43", name="Кировская область")
    municipality = organisation_save(
        kind=Organisation.Kind.MUNICIPALITY, code="43-vp", name="Вятскополянский район", parent=region
    )
    other = organisation_save(kind=Organisation.Kind.MUNICIPALITY, code="43-kirov", name="г. Киров", parent=region)
    schools = {
        "lyceum": organisation_save(kind=Organisation.Kind.SCHOOL, code="lyceum", name="Лицей", parent=municipality),
        "school-2": organisation_save(
            kind=Organisation.Kind.SCHOOL, code="school-2", name="Школа № 2", parent=municipality
        ),
        "school-3": organisation_save(kind=Organisation.Kind.SCHOOL, code="school-3", name="Школа № 3", parent=other),
    }
    keys = {code: school_key_issue(organisation=school) for code, school in schools.items()}
    campaign_save(
        monitoring_date=DATE,
        opens_on=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 25),
        closes_on=datetime.date(2026, 12, 31),
    )

    with time_machine.travel(MORNING, tick=True):
        own = {}
        for code, pairs, young in (("school-2", 3, 1), ("school-3", 5, 2)):
            document, own[code] = _generated_school(code, schools[code].name, pairs, young)
            key, secret = keys[code]
            with override_settings(HUB_URL=live_server.url, HUB_KEY_ID=key.key_id, HUB_KEY_SECRET=secret):
                assert report_post(document=document)[0] == "delivered"

        call_command("seed_demo", stdout=StringIO())
        own["lyceum"] = _kpi_figures()
        key, secret = keys["lyceum"]
        down = f"http://127.0.0.1:{_closed_port()}"
        with override_settings(HUB_URL=down, HUB_SCHOOL_CODE="lyceum", HUB_KEY_ID=key.key_id, HUB_KEY_SECRET=secret):
            delivery = delivery_queue_due()  # the beat of 20 December, 06:40: the hub is down
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.RETRYING, 1)
        assert not Report.objects.filter(organisation=schools["lyceum"]).exists()

        with override_settings(
            HUB_URL=live_server.url, HUB_SCHOOL_CODE="lyceum", HUB_KEY_ID=key.key_id, HUB_KEY_SECRET=secret
        ):
            assert deliveries_retry_due() == []  # the backoff's minute has not passed
            with time_machine.travel(MORNING + datetime.timedelta(minutes=2), tick=True):
                assert deliveries_retry_due() == [delivery.pk]
                assert deliveries_retry_due() == []  # delivered: never sent again
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.hub_status) == (Delivery.Status.DELIVERED, 2, 201)

    # Three different schools, each with pupils in mentoring: the sums below add real figures.
    assert len({own[school]["students_mentees"] for school in own}) == 3
    assert all(own[school]["students_mentees"][0] > 0 for school in own)
    assert Report.objects.filter(monitoring_date=DATE).count() == 3
    assert Report.objects.get(organisation=schools["lyceum"]).revision == 1
    totals = rollup(monitoring_date=DATE, organisation=region)
    for code in KPI_CODES:
        figure = totals[None].figures[code]
        assert (figure.numerator, figure.denominator) == (
            sum(own[school][code][0] for school in own),
            sum(own[school][code][1] for school in own),
        ), code
    by_municipality = totals[municipality.pk].figures["students_mentees"]
    assert by_municipality.numerator == own["lyceum"]["students_mentees"][0] + own["school-2"]["students_mentees"][0]
    assert totals[None].reports == 3
