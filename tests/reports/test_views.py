import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports.models import AnalyticSummary
from reports.services import summary_generate, summary_request

from .factories import D, december_scenario, normalised, pdf_text

pytestmark = pytest.mark.django_db

ARCHIVE = "/reports/"
SUMMARY = "/reports/2024-12-20/"


def _done(as_of=D):
    summary, _queued = summary_request(as_of=as_of, enqueue=False)
    return summary_generate(summary_id=summary.pk)


@pytest.mark.parametrize("url", [ARCHIVE, SUMMARY, f"{SUMMARY}pdf/", f"{SUMMARY}xlsx/"])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", [ARCHIVE, SUMMARY, f"{SUMMARY}pdf/", f"{SUMMARY}xlsx/"])
def test_a_mentor_and_an_account_without_a_role_are_refused(client_as, mentor_user, no_role_user, url):
    _done()
    assert client_as(mentor_user).get(url).status_code == 403
    assert client_as(no_role_user).get(url).status_code == 403


@pytest.mark.parametrize("role", ["curator", "director", "admin_user_role"])
def test_staff_open_the_archive_and_download_the_pdf(client_as, request, role):
    summary = _done()
    client = client_as(request.getfixturevalue(role))
    page = client.get(ARCHIVE)
    assert page.status_code == 200
    assert "20.12.2024" in page.content.decode() and "Готово" in page.content.decode()
    response = client.get(f"{SUMMARY}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="spravka-2024-12-20.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)
    assert data == summary.pdf.open("rb").read()


def test_archive_lists_the_missing_monitoring_dates(client_as, curator):
    _done()
    html = client_as(curator).get(ARCHIVE).content.decode()
    assert 'data-testid="summary-2024-12-20"' in html
    assert 'data-testid="missing-2024-06-20"' in html and 'data-testid="missing-2020-12-20"' in html
    assert 'data-testid="missing-2024-12-20"' not in html


@pytest.mark.parametrize("count", [1, 12])
def test_archive_page_issues_a_fixed_number_of_queries(client_as, curator, django_assert_max_num_queries, count):
    for i in range(count):
        year = 2021 + i // 2
        as_of = datetime.date(year, 6 if i % 2 == 0 else 12, 20)
        AnalyticSummary.objects.create(
            as_of=as_of, period_start=as_of, status=AnalyticSummary.Status.DONE, author=curator, approved_by=curator
        )
    client = client_as(curator)
    client.get(ARCHIVE)
    with django_assert_max_num_queries(8):
        response = client.get(ARCHIVE)
    assert response.status_code == 200
    assert len(response.context["summaries"]) == count


def test_curator_writes_conclusions_and_generates(client_as, curator, django_capture_on_commit_callbacks):
    client = client_as(curator)
    page = client.get(SUMMARY)
    assert page.status_code == 200 and "Сформировать" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUMMARY, {"conclusions": "Выводы куратора", "decisions": "Решение", "generate": "1"})
    assert response.status_code == 302 and response.url == SUMMARY
    summary = AnalyticSummary.objects.get()
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    assert summary.author == curator and summary.conclusions == "Выводы куратора"
    html = client.get(SUMMARY).content.decode()
    assert "Готово" in html and "Сформировать заново" in html and 'http-equiv="refresh"' not in html
    assert "Выводы куратора" in normalised(pdf_text(summary.pdf.open("rb").read()))


def test_the_page_refreshes_itself_while_the_summary_is_queued(client_as, curator):
    summary_request(as_of=D, enqueue=False)
    html = client_as(curator).get(SUMMARY).content.decode()
    assert "В очереди" in html and '<meta http-equiv="refresh" content="3">' in html
    assert "<script>" not in html and " style=" not in html


def test_a_failed_summary_shows_its_error(client_as, curator):
    AnalyticSummary.objects.create(as_of=D, period_start=D, status="failed", error="Шрифты DejaVu не найдены")
    html = client_as(curator).get(SUMMARY).content.decode()
    assert "Ошибка: Шрифты DejaVu не найдены" in html


def test_the_director_approves_and_then_nothing_changes_it(
    client_as, director, curator, django_capture_on_commit_callbacks
):
    _done()
    assert client_as(curator).post(f"{SUMMARY}approve/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is laid out again with the approval
        response = client_as(director).post(f"{SUMMARY}approve/")
    assert response.status_code == 302
    summary = AnalyticSummary.objects.get()
    assert summary.approved_by == director and summary.is_approved
    client = client_as(curator)
    html = client.get(SUMMARY).content.decode()
    assert 'data-testid="notes-form"' not in html and 'data-testid="approved"' in html
    client.post(SUMMARY, {"conclusions": "Другое", "decisions": "", "generate": "1"})
    summary.refresh_from_db()
    assert summary.conclusions == "" and summary.status == "done"


def test_the_director_cannot_write_conclusions(client_as, director):
    assert client_as(director).post(SUMMARY, {"conclusions": "x", "decisions": "", "save": "1"}).status_code == 403
    assert not AnalyticSummary.objects.exists()


def test_a_future_date_answers_404_and_the_date_form_refuses_it(client_as, curator):
    client = client_as(curator)
    assert client.get("/reports/2999-12-20/").status_code == 404
    response = client.get("/reports/open/", {"as_of": "2999-12-20"}, follow=True)
    assert "ещё не наступила" in response.content.decode()
    assert client.get("/reports/open/", {"as_of": "2024-06-20"}).url == "/reports/2024-06-20/"
    assert client.get("/reports/2024-13-45/").status_code == 404


def test_download_of_a_summary_not_generated_answers_404(client_as, curator):
    summary_request(as_of=D, enqueue=False)
    assert client_as(curator).get(f"{SUMMARY}pdf/").status_code == 404


def test_excel_workbook_has_the_same_figures(client_as, curator):
    december_scenario()
    summary = _done()
    response = client_as(curator).get(f"{SUMMARY}xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="spravka-2024-12-20.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    indicators = workbook["Показатели"]
    rows = list(indicators.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [v["numerator"] for v in summary.kpi["values"]]
    movements = list(workbook["Движение"].iter_rows(values_only=True))
    assert movements[-1] == ("Итого", 3, 1, 1)
    best = list(workbook["Лучшие наставники"].iter_rows(min_row=2, values_only=True))
    assert best[0][0] == "Наставникова Ирина Сергеевна"


OUT_OF_RANGE_SUMMARY_URLS = [
    "/reports/0001-01-01/",
    "/reports/0001-01-01/pdf/",
    "/reports/0001-01-01/xlsx/",
    "/reports/1899-12-20/",
    "/reports/9999-12-31/",
    "/reports/2024-02-30/",
]


@pytest.mark.parametrize("url", OUT_OF_RANGE_SUMMARY_URLS)
@pytest.mark.parametrize("who", [None, "mentor_user", "curator", "director"])
def test_an_impossible_or_out_of_range_date_in_the_url_answers_404_for_everyone(client, client_as, request, url, who):
    client = client_as(request.getfixturevalue(who)) if who else client
    response = client.get(url)
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_the_date_form_refuses_an_out_of_range_date_with_a_russian_message(client_as, curator):
    response = client_as(curator).get("/reports/open/", {"as_of": "0001-01-01"}, follow=True)
    assert response.redirect_chain == [("/reports/", 302)]
    assert "Дата должна быть в пределах от 01.01.1900 до 31.12.2999." in response.content.decode()
    assert not AnalyticSummary.objects.exists()
