import datetime
import logging

import pytest

from indicators.models import Snapshot
from indicators.selectors import kpi_compute, kpi_values
from mentorship.models import Mentorship
from reports.models import AnalyticSummary
from reports.services import (
    SummaryError,
    summary_generate,
    summary_notes_save,
    summary_pdf_path,
    summary_request,
)
from tests.factories import MentorshipFactory, StudentFactory, UserFactory

from .factories import D, december_scenario, normalised, pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def _generate(as_of=D, **kwargs):
    summary, _queued = summary_request(as_of=as_of, enqueue=False, **kwargs)
    return summary_generate(summary_id=summary.pk)


def _fmt(value):
    return "нет данных" if value is None else f"{value:.1f}".replace(".", ",")


def test_december_summary_pdf_states_the_figures_and_names_of_the_database(caplog):
    december_scenario()
    curator = UserFactory(first_name="Ольга", last_name="Кураторова")
    summary_notes_save(
        as_of=D,
        conclusions="Программа выполняется по плану.",
        decisions="Расширить форму «работодатель–ученик».",
        user=curator,
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        summary = _generate(user=curator)

    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    path = summary_pdf_path(summary)
    data = path.read_bytes()
    pages = pdf_pages(data)
    assert summary.page_count == len(pages) >= 2
    text = normalised(pdf_text(data))
    first = normalised(pages[0])
    # Title block on the first page: school, document name, date, period covered.
    assert "Вятский многопрофильный лицей" in first
    assert "Информационно-аналитическая справка" in first
    assert "20.12.2024" in first
    assert "Отчётный период: 21.06.2024 – 20.12.2024" in first
    assert "01.01.2024 – 20.12.2024" in first
    # Page numbers on every page.
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page
    # The four indicators: the recorded snapshot, the same as the registry gives, stored with the summary.
    live = kpi_compute(as_of=D)
    assert Snapshot.objects.filter(as_of=D).count() == 4
    assert [v["numerator"] for v in summary.kpi["values"]] == [v.numerator for v in live]
    assert summary.kpi["kind"] == "snapshot"
    for value in live:
        assert f"{value.numerator} {value.denominator} {_fmt(value.value)}" in text, value.code
    students_mentees = kpi_values(days=[D])[D]["students_mentees"]
    # The pair's mentee and the default mentees of the terminated and the employer pairs, all 14.
    assert (students_mentees.numerator, students_mentees.target) == (3, 70)
    # Sections with names and figures from the registry.
    assert "Переезд семьи в другой город" in text
    assert "Уехавший" in text
    assert "Наставникова Ирина Сергеевна" in text and "За поддержку молодых педагогов" in text
    assert "Программа выполняется по плану." in text
    assert "Расширить форму «работодатель–ученик»." in text
    assert "Кураторова" in text and "В.Д. Смирнов" in text
    assert "Со сроком в отчётном периоде:" in text
    # Fonts: only the project's DejaVu files, nothing from the system.
    assert not [r for r in caplog.records if "cannot be loaded" in r.getMessage()]
    assert {name.split("+")[-1] for name in pdf_fonts(path)} <= {
        "PortalDejaVu",
        "PortalDejaVu-Bold",
        "PortalDejaVu-Italic",
    }


def test_movements_and_participation_figures_match_the_registry():
    december_scenario()
    summary = _generate()
    text = normalised(pdf_text(summary_pdf_path(summary).read_bytes()))
    # Started in 21.06–20.12.2024: the student pair, the terminated one and the employer one (3);
    # completed: the teacher pair (1); terminated: 1.
    assert "Итого 3 1 1" in text
    # Counted in the half-year: all four; four mentors; four mentees.
    assert "Итого 4 4 4" in text
    # Feedback averages: the mentor rated 9 everywhere, the mentee 6.
    assert "ожидаемая эффективность программы 9,0 6,0" in text.lower()


def test_summary_values_are_the_snapshot_even_after_the_registry_changes():
    december_scenario()
    first = _generate()
    numerators = [v["numerator"] for v in first.kpi["values"]]
    # A mentee added afterwards, back-dated into 2024: the recorded values do not move.
    MentorshipFactory(
        mentees=[StudentFactory(birth_date=datetime.date(2011, 1, 1))], start_date=datetime.date(2024, 3, 1)
    )
    assert kpi_compute(as_of=D)[0].numerator == numerators[0] + 1
    again, queued = summary_request(as_of=D, regenerate=True, enqueue=False)
    assert queued
    again = summary_generate(summary_id=again.pk)
    assert [v["numerator"] for v in again.kpi["values"]] == numerators
    assert AnalyticSummary.objects.count() == 1


def test_a_second_request_for_the_same_date_makes_no_duplicate(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("reports.tasks.generate_summary.delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        first, queued_first = summary_request(as_of=D)
    with django_capture_on_commit_callbacks(execute=True):
        second, queued_second = summary_request(as_of=D)
    assert (queued_first, queued_second) == (True, False)
    assert first.pk == second.pk and sent == [first.pk]
    assert AnalyticSummary.objects.count() == 1


def test_a_done_summary_is_not_generated_again_unless_asked_and_then_the_file_is_replaced():
    summary = _generate()
    path = summary_pdf_path(summary)
    generated_at = summary.generated_at
    # The task delivered twice (acks_late): nothing happens.
    assert summary_generate(summary_id=summary.pk).generated_at == generated_at
    same, queued = summary_request(as_of=D, enqueue=False)
    assert not queued and same.status == AnalyticSummary.Status.DONE
    summary_notes_save(as_of=D, conclusions="Новые выводы", decisions="")
    summary_request(as_of=D, regenerate=True, enqueue=False)
    regenerated = summary_generate(summary_id=summary.pk)
    assert summary_pdf_path(regenerated) == path
    assert regenerated.generated_at > generated_at
    assert "Новые выводы" in pdf_text(path.read_bytes())
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary file left


def test_a_failure_leaves_a_failed_summary_with_the_message(monkeypatch):
    def fail(as_of):
        raise SummaryError("Не удалось получить показатели на эту дату.")

    monkeypatch.setattr("reports.services.kpi_collect", fail)
    summary = _generate()
    assert summary.status == AnalyticSummary.Status.FAILED
    assert summary.error == "Не удалось получить показатели на эту дату."
    assert not summary.pdf


def test_an_unexpected_error_is_recorded_and_the_task_does_not_raise(monkeypatch):
    from reports.tasks import generate_summary

    def boom(*args, **kwargs):
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr("reports.services.write_pdf_atomically", boom)
    summary, _queued = summary_request(as_of=D, enqueue=False)
    assert generate_summary.apply(args=[summary.pk]).get() == AnalyticSummary.Status.FAILED
    summary.refresh_from_db()
    assert summary.error == "Непредвиденная ошибка: RuntimeError: диск переполнен"
    # A new request queues it again.
    assert summary_request(as_of=D, enqueue=False)[1]


def test_a_non_monitoring_date_uses_live_values_and_says_so():
    december_scenario()
    summary = _generate(as_of=datetime.date(2024, 10, 1))
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    assert summary.kpi["kind"] == "live"
    assert summary.period_start == datetime.date(2024, 6, 21)
    assert not Snapshot.objects.filter(as_of=datetime.date(2024, 10, 1)).exists()
    text = normalised(pdf_text(summary_pdf_path(summary).read_bytes()))
    assert "01.10.2024 — не дата мониторинга" in text


def test_june_summary_covers_the_half_year_since_december():
    summary = _generate(as_of=datetime.date(2024, 6, 20))
    assert summary.period_start == datetime.date(2023, 12, 21)
    assert "Отчётный период: 21.12.2023 – 20.06.2024" in normalised(
        pdf_pages(summary_pdf_path(summary).read_bytes())[0]
    )


def test_a_future_date_is_refused():
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    with pytest.raises(ValidationError):
        summary_request(as_of=timezone.localdate() + datetime.timedelta(days=1))
    assert not AnalyticSummary.objects.exists()


def test_long_tables_repeat_their_header_on_every_page():
    for i in range(45):
        MentorshipFactory(
            mentor=StudentFactory(grade=10, birth_date=datetime.date(2008, 1, 10)),
            start_date=datetime.date(2024, 7, 1),
            end_date=datetime.date(2024, 9, 1) + datetime.timedelta(days=i),
            status=Mentorship.Status.TERMINATED,
            termination_reason=f"Причина номер {i}",
        )
    summary = _generate()
    pages = pdf_pages(summary_pdf_path(summary).read_bytes())
    with_reasons = [p for p in pages if "Причина номер" in p]
    assert len(with_reasons) >= 2
    for page in with_reasons:
        assert "Причина\r\n" in page or "Причина\n" in page or "Причина " in page.replace("Причина номер", "")
