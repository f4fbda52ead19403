"""The growth and SWOT pages: who may open them (anonymous, wrong role, right role, GET and POST), what they show,
the SWOT saved once per date (also from parallel requests on PostgreSQL), and the summary's drafted conclusions."""

import datetime

import pytest
from django.urls import reverse

from monitoring.models import SwotAnalysis
from tests.monitoring.test_analysis import AS_OF, _growth_case, entry_exit, satisfaction  # noqa: F401
from tests.parallel import in_parallel, require_postgres

pytestmark = pytest.mark.django_db

GROWTH = reverse("monitoring:growth")
SWOT = reverse("monitoring:swot")
DATE = f"?as_of={AS_OF:%Y-%m-%d}"
EMPTY = {"as_of": AS_OF.isoformat(), "strengths": "", "weaknesses": "", "opportunities": "", "threats": ""}


@pytest.mark.parametrize("url", [GROWTH, SWOT])
def test_anonymous_goes_to_login_and_a_mentor_or_an_account_without_role_is_refused(
    client, mentor_user, no_role_user, url
):
    assert client.get(url)["Location"].startswith(reverse("login"))
    for user in (mentor_user, no_role_user):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_the_growth_table_shows_the_change_and_the_missing_exit(client, curator, director, entry_exit):  # noqa: F811
    _growth_case(*entry_exit)
    for user in (curator, director):
        client.force_login(user)
        page = client.get(GROWTH + DATE).content.decode()
        assert 'data-testid="growth-table"' in page
        assert "+2,0" in page  # self-assessment over everyone: (3 + 0 + 3) / 3
        assert "1 участник ответил на входе, а итоговой анкеты у него пока нет." in page
        assert "<svg" in page and "Средний балл на входе и на выходе" in page
    assert client.get(GROWTH + DATE + "&by=class").status_code == 200
    assert client.get(GROWTH + DATE + "&by=name").status_code == 404


@pytest.mark.parametrize("raw", ["2026-12-21", "2027-06-20", "9999-12-20", "20.12.2026"])
def test_a_date_that_is_not_a_monitoring_date_of_a_begun_half_year_answers_404(client, curator, raw):
    client.force_login(curator)
    assert client.get(f"{GROWTH}?as_of={raw}").status_code == 404
    assert client.get(f"{SWOT}?as_of={raw}").status_code == 404


def test_the_swot_page_shows_the_draft_unsaved_and_the_curator_saves_her_edit(client, curator, satisfaction):  # noqa: F811
    client.force_login(curator)
    page = client.get(SWOT + DATE).content.decode()
    assert "Черновик составлен по данным; ещё ничего не сохранено." in page
    assert "Данные не показывают угроз." in page
    assert not SwotAnalysis.objects.exists()
    answer = client.post(
        SWOT,
        {
            "as_of": AS_OF.isoformat(),
            "strengths": "Сильные: встречи.",
            "weaknesses": "",
            "opportunities": "",
            "threats": "Мало ответов.",
        },
    )
    assert answer.status_code == 302
    swot = SwotAnalysis.objects.get()
    assert (swot.as_of, swot.strengths, swot.threats, swot.updated_by) == (
        AS_OF,
        "Сильные: встречи.",
        "Мало ответов.",
        curator,
    )
    assert "Сильные: встречи." in client.get(SWOT + DATE).content.decode()
    # Saved again: the same record.
    client.post(
        SWOT, {"as_of": AS_OF.isoformat(), "strengths": "Другое", "weaknesses": "", "opportunities": "", "threats": ""}
    )
    assert SwotAnalysis.objects.get().strengths == "Другое"


def test_draft_anew_replaces_the_saved_texts_with_the_draft(client, curator):
    SwotAnalysis.objects.create(as_of=AS_OF, strengths="старое", threats="старое")
    client.force_login(curator)
    assert client.post(SWOT, {"as_of": AS_OF.isoformat(), "redraft": "1"}).status_code == 302
    swot = SwotAnalysis.objects.get()
    assert swot.threats == "Данные не показывают угроз." and swot.drafted_at is not None


def test_the_director_reads_the_swot_but_cannot_save_it(client, director):
    client.force_login(director)
    page = client.get(SWOT + DATE).content.decode()
    assert 'data-testid="swot-form"' not in page and "Угрозы" in page
    assert client.post(SWOT, {"as_of": AS_OF.isoformat(), "strengths": "x"}).status_code == 403
    assert not SwotAnalysis.objects.exists()


def test_a_swot_text_with_a_control_character_is_refused(client, curator):
    client.force_login(curator)
    answer = client.post(
        SWOT, {"as_of": AS_OF.isoformat(), "strengths": "a\x07b", "weaknesses": "", "opportunities": "", "threats": ""}
    )
    assert answer.status_code == 200 and not SwotAnalysis.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_swot_saved_four_times_at_once_makes_one_record(curator):
    require_postgres()
    data = {"as_of": AS_OF.isoformat(), "strengths": "Сильные", "weaknesses": "", "opportunities": "", "threats": ""}
    answers = in_parallel(4, lambda client, i: client.post(SWOT, data).status_code, user=curator)
    assert answers == [302] * 4
    assert SwotAnalysis.objects.count() == 1


def test_the_summary_form_is_drafted_from_the_data_until_the_curator_saves(client, curator, director):
    url = reverse("reports:summary", args=[datetime.date(2026, 6, 20)])
    client.force_login(curator)
    page = client.get(url).content.decode()
    assert "Выводы и решения ниже составлены по данным" in page
    assert "Показатель 1 (" in page and "Наставничеств без проведённых встреч за полугодие" in page
    client.post(url, {"conclusions": "Мои выводы.", "decisions": "Мои решения.", "save": "1"})
    page = client.get(url).content.decode()
    assert "Мои выводы." in page and "Показатель 1 (" not in page
    assert "Показатель 1 (" in client.get(url + "?draft=1").content.decode()
    client.force_login(director)
    assert "Показатель 1 (" not in client.get(url + "?draft=1").content.decode()  # the director only reads
