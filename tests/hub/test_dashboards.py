"""The hub's roll-up dashboard (hubviews): the figures on the page are the sums of the schools' own,
the date form, the distribution, the query count, who sees what."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from hub import dashboards
from hub.models import Organisation
from tests.hub import factories_views as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    region = f.region()
    north = f.municipality("43-1", region, "Север")
    south = f.municipality("43-2", region, "Юг")
    a = f.school("a", north, "Школа А")
    b = f.school("b", north, "Школа Б")
    c = f.school("c", south, "Школа В")
    f.school("d", south, "Школа Г")  # sends nothing
    f.report(a, figures=[(1, 3, 50), (2, 10, None), (0, 0, 70), (1, 4, 30)])
    f.report(b, figures=[(2, 3, 70), (3, 10, None), (1, 1, 70), (0, 4, 30)])
    f.report(c, figures=[(5, 10, None), (0, 10, 10), (0, 0, None), (2, 2, 30)])
    return {"region": region, "north": north, "south": south, "a": a, "b": b, "c": c}


def test_overview_sums_the_schools_figures_exactly(tree):
    overview = dashboards.overview(monitoring_date=f.DATE, organisation=tree["region"])
    north, south = overview.rows
    assert (north.organisation, north.schools, north.reports, north.missing) == (tree["north"], 2, 2, 0)
    assert (south.schools, south.reports, south.missing) == (2, 1, 1)
    mentees = north.figures[0]
    assert (mentees.numerator, mentees.denominator, mentees.value, mentees.target) == (
        3,
        6,
        Decimal("50.0"),
        Decimal("60.0"),
    )
    total = overview.total
    assert (total.schools, total.reports, total.missing) == (4, 3, 1)
    assert [(fig.numerator, fig.denominator) for fig in total.figures] == [(8, 16), (5, 30), (1, 1), (3, 10)]
    assert total.figures[0].achieved is False  # 50.0 < 60.0
    assert total.figures[2].value == Decimal("100.0")


def test_dashboard_shows_the_region_by_municipality_with_the_totals(client, tree, django_assert_num_queries):
    client.force_login(f.analyst(tree["region"]))
    url = reverse("hub:dashboard")
    client.get(url)  # warm the session and the permission caches of the test client
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Кировская область" in html
    assert 'data-testid="kpi-students_mentees-total"' in html
    total = html.split('data-testid="kpi-students_mentees-total"')[1].split("</tr>")[0]
    assert '<td class="text-end" data-label="Числитель" data-testid="numerator">8</td>' in total
    assert '<td class="text-end" data-label="Знаменатель" data-testid="denominator">16</td>' in total
    assert "50,0&nbsp;%" in total and "60,0&nbsp;%" in total
    reports_total = html.split('data-testid="reports-total"')[1].split("</tr>")[0]
    assert ">3<" in reports_total and ">4<" in reports_total
    assert reverse("hub:missing", args=["43-2"]) in html  # the municipality with a missing school
    assert "20.12.2026" in html
    assert html.count("<svg") == 4 and '<title id="distribution-students_mentees-title">' in html


def test_dashboard_of_a_municipality_lists_its_schools_with_links_to_their_reports(client, tree):
    client.force_login(f.analyst(tree["region"]))
    response = client.get(reverse("hub:organisation", args=["43-1"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Школа А" in html and "Школа В" not in html
    report = tree["a"].reports.get()
    assert reverse("hub:report", args=[report.pk]) in html


def test_the_date_is_chosen_from_the_dates_the_hub_holds_latest_by_default(client, tree):
    earlier = datetime.date(2026, 6, 20)
    f.report(tree["a"], monitoring_date=earlier, figures=[(9, 9, None)] * 4)
    client.force_login(f.analyst(tree["region"]))
    html = client.get(reverse("hub:dashboard")).content.decode()
    assert '<option value="2026-12-20" selected>20.12.2026</option>' in html
    assert '<option value="2026-06-20">20.06.2026</option>' in html
    html = client.get(reverse("hub:dashboard"), {"date": "2026-06-20"}).content.decode()
    total = html.split('data-testid="kpi-students_mentees-total"')[1].split("</tr>")[0]
    assert 'data-testid="numerator">9</td>' in total
    # A date the hub does not hold (or garbage) falls back to the latest.
    html = client.get(reverse("hub:dashboard"), {"date": "1999-01-01"}).content.decode()
    assert '<option value="2026-12-20" selected>' in html


def test_distribution_counts_the_schools_by_ten_point_bands(tree):
    labels, charts = dashboards.distributions(monitoring_date=f.DATE, organisation=tree["region"])
    assert labels[0] == "0–10" and labels[-1] == "нет данных" and len(labels) == 11
    by_code = {item.code: item.counts for item in charts}
    # students_mentees: 33.3, 66.7, 50.0
    assert by_code["students_mentees"][3] == 1 and by_code["students_mentees"][5] == 1
    assert by_code["students_mentees"][6] == 1
    # young_teachers_mentees: no data, 100.0 (the last band), no data
    assert by_code["young_teachers_mentees"][9] == 1 and by_code["young_teachers_mentees"][10] == 2
    assert all(sum(counts) == 3 for counts in by_code.values())


def test_a_municipality_sees_only_its_own_schools(client, tree):
    client.force_login(f.analyst(tree["north"]))
    html = client.get(reverse("hub:dashboard")).content.decode()
    assert "Школа А" in html and "Школа В" not in html
    assert client.get(reverse("hub:organisation", args=["43-2"])).status_code == 404
    assert client.get(reverse("hub:organisation", args=["43"])).status_code == 404
    assert client.get(reverse("hub:organisation", args=["c"])).status_code == 404


def test_a_hub_without_reports_says_so(client):
    region = f.region()
    client.force_login(f.analyst(region))
    response = client.get(reverse("hub:dashboard"))
    assert response.status_code == 200
    assert 'data-testid="no-reports"' in response.content.decode()


def test_a_superuser_without_an_organisation_sees_the_whole_hub(client, tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("hub:dashboard")).content.decode()
    assert "Север" in html and "Юг" in html
    assert Organisation.objects.count() == 7


def test_checklist_shows_schools_by_lines_with_the_public_links(client, tree, django_assert_num_queries):
    client.force_login(f.analyst(tree["region"]))
    url = reverse("hub:checklist", args=["43"])
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    table = html.split('data-testid="checklist"')[1]
    assert '<th scope="col">Приказ о внедрении целевой модели</th>' in table
    assert '<a href="https://school.example/docs/1" rel="noopener noreferrer" target="_blank">Приказ № 12</a>' in table
    assert table.count("✓ есть") == 3 and table.count("✗ нет") == 3
    coverage = html.split('data-testid="coverage"')[1].split("</table>")[0]
    assert "Приказ о внедрении целевой модели</th><td" in coverage and ">3</td>" in coverage


def test_missing_lists_the_schools_without_a_report(client, tree):
    client.force_login(f.analyst(tree["region"]))
    html = client.get(reverse("hub:missing", args=["43"])).content.decode()
    assert "1 школа не прислала отчёт на 20.12.2026." in html
    table = html.split('data-testid="missing"')[1]
    assert "Школа Г" in table and "Школа А" not in table
    html = client.get(reverse("hub:missing", args=["43-1"])).content.decode()
    assert "0 школ не прислали отчёт" in html


def test_the_report_shows_its_document_in_russian_and_downloads_its_json(client, tree, django_assert_num_queries):
    report = tree["a"].reports.get()
    report.late = True
    report.revision = 2
    report.save()
    client.force_login(f.analyst(tree["north"]))
    url = reverse("hub:report", args=[report.pk])
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Отчёт о мониторинге на 20.12.2026: Школа А" in html
    meta = html.split('data-testid="report-meta"')[1].split("</dl>")[0]
    assert 'data-testid="late"' in meta and '<dd class="col-sm-9">2</dd>' in meta
    assert "20.12.2026 10:00" in meta  # 07:00 UTC in Europe/Kirov
    kpi = html.split('data-testid="kpi"')[1].split("</table>")[0]
    assert "Наставляемые 10–18 лет" in kpi and "33,3&nbsp;%" in kpi and "50,0&nbsp;%" in kpi
    for section in ("participation", "movements", "plans", "roadmap", "questionnaires", "growth", "checklist"):
        assert f'data-testid="{section}"' in html, section
    assert "Ученик — ученик" in html and "Насколько полезны встречи?" in html and "01.01.2026 – 20.12.2026" in html
    assert 'href="https://school.example/docs/1" rel="noopener noreferrer"' in html
    download = client.get(reverse("hub:report_json", args=[report.pk]))
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content) == report.document


def test_the_dashboards_query_count_does_not_grow_with_the_schools(client, tree, django_assert_num_queries):
    for index in range(10):
        municipality = f.municipality(f"43-m{index}", tree["region"])
        f.report(f.school(f"x{index}", municipality))
    client.force_login(f.analyst(tree["region"]))
    url = reverse("hub:dashboard")
    client.get(url)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
