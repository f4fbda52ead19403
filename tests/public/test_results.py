"""The public page's results run through the current year (issue 17): it reads the KPI read model, so 2025
and the current year are there, a year without a target says so."""

import datetime

import pytest
import time_machine

from indicators.models import Indicator, Target
from public.selectors import kpi_summary
from tests.indicators.factories import mentorship, student

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


@time_machine.travel(NOW, tick=False)
def test_the_public_results_include_2025_and_the_current_year():
    mentorship([student(), student()])
    Target.objects.create(indicator=Indicator.objects.get(code="students_mentees"), year=2026, value=80)
    blocks = {block.code: block for block in kpi_summary(today=NOW.date())}
    rows = blocks["students_mentees"].rows
    assert [row.year for row in rows] == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert (rows[-1].is_today, rows[-1].target) == (True, 80)
    assert rows[-2].target is None and not rows[-2].is_today


@time_machine.travel(NOW, tick=False)
def test_the_public_page_shows_the_current_year_and_says_when_no_target_is_set(client):
    mentorship([student(), student()], start_date=datetime.date(2026, 2, 1))
    html = client.get("/mentoring/").content.decode()
    results = html.split('id="results"', 1)[1].split("</section>", 1)[0]
    assert '<th scope="row">2026</th>' in results and '<th scope="row">2025</th>' in results
    assert "(на сегодня)" in results
    assert "план не задан" in results
