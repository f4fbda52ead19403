"""Documents a director signs, checked by their text page by page (poppler's pdftotext): headings kept with
their content, signatures kept with the last section, header words never broken, the approval block on an
approved summary only; the certificate in the dative; the feedback form naming each party once."""

import datetime
import re

import pypdfium2
import pytest
import time_machine

from indicators.models import Target
from mentorship.models import BestMentor, School
from reports.models import AnalyticSummary
from reports.services import (
    summary_approve,
    summary_generate,
    summary_notes_save,
    summary_pdf_path,
    summary_reissue,
    summary_request,
)
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, UserFactory

from .factories import D, long_scenario, normalised, pdf_pages, pdf_text, pdftotext_pages

pytestmark = pytest.mark.django_db

# Each section heading of the summary and a word of the content that must follow it on its page.
SECTIONS = {
    "1. Показатели эффективности": "Числитель",
    "2. Участники и наставничества": "Ролевая модель",
    "3. Наставничества, начатые": "Начато",
    "4. Выполнение индивидуальных планов": "Пунктов",
    "5. Выполнение дорожной карты": "Со сроком в отчётном периоде",
    "6. Обратная связь": "Анкет обратной связи",
    "7. Лучшие наставники": "Должность",
    "8. Выводы": "1. Программа наставничества",
    "9. Управленческие решения": "1. Закрепить за каждой парой",
}
HEADER_WORDS = [
    "Числитель", "Знаменатель", "Значение,", "Отклонение,", "Выполнен", "Наставничества", "Наставников",
    "Наставляемые", "Пунктов", "Выполнено", "Запланировано", "Просрочено", "полностью", "выполнения",
    "Подтверждения",
]  # fmt: skip
FOOTER = re.compile(r"^\d+\s*/\s*\d+$")


def _lines(page):
    return [line.strip() for line in page.splitlines() if line.strip() and not FOOTER.match(line.strip())]


def _flat(page):
    return " ".join(" ".join(_lines(page)).split())


def _long_summary(user=None):
    _scenario, conclusions, decisions = long_scenario()
    summary_notes_save(as_of=D, conclusions=conclusions, decisions=decisions, user=user)
    summary, _queued = summary_request(as_of=D, enqueue=False, user=user)
    summary = summary_generate(summary_id=summary.pk)
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    return summary


def _approve(summary, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the task lays the PDF out again (eager in tests)
        summary_approve(summary=summary, user=user)
    summary.refresh_from_db()
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    return summary


@pytest.fixture
def long_summary_pages():
    summary = _long_summary()
    return summary, pdftotext_pages(summary_pdf_path(summary))


def test_a_long_summary_runs_five_pages_or_more_and_no_page_ends_with_a_section_heading(long_summary_pages):
    summary, pages = long_summary_pages
    assert len(pages) == summary.page_count >= 5
    for number, page in enumerate(pages, start=1):
        last = _lines(page)[-1]
        assert not any(last.startswith(heading[:12]) for heading in SECTIONS), (number, last)
        assert not re.match(r"^[1-9]\. [А-ЯЁ]", last) or last.startswith(("1. Программа", "1. Закрепить")), last


def test_every_section_heading_shares_its_page_with_its_content(long_summary_pages):
    _summary, pages = long_summary_pages
    for heading, content in SECTIONS.items():
        found = [page for page in map(_flat, pages) if heading in page]
        assert len(found) == 1, heading
        after = found[0].split(heading, 1)[1]
        assert content in after, (heading, after[:200])


def test_the_signatures_never_sit_alone_on_a_page(long_summary_pages):
    _summary, pages = long_summary_pages
    page = next(_lines(p) for p in pages if "Куратор программы" in p)
    signature_lines = [line for line in page if line.startswith(("Директор", "Куратор программы"))]
    assert len(page) > len(signature_lines)
    text = " ".join(page)
    assert "лицея и обновить приказ о закреплении пар." in text  # the last paragraph of the last section


def test_a_short_last_section_keeps_its_heading_and_the_signatures_together():
    summary = _long_summary()
    AnalyticSummary.objects.filter(pk=summary.pk).update(decisions="Продолжить работу.")
    summary_request(as_of=D, enqueue=False, regenerate=True)
    summary = summary_generate(summary_id=summary.pk)
    page = next(_flat(p) for p in pdftotext_pages(summary_pdf_path(summary)) if "Куратор программы" in p)
    assert "9. Управленческие решения Продолжить работу." in page


def test_header_words_are_never_broken_and_every_table_fits_the_page(long_summary_pages):
    summary, pages = long_summary_pages
    for page in pages:
        for line in page.splitlines():
            assert not re.search(r"\w[-\u2010\u00ad]$", line.rstrip()), line  # «Вы-» at a line end
    text = " ".join(map(_flat, pages))
    for word in HEADER_WORDS:
        assert re.search(rf"(?<!\w){word}(?!\w)", text), word
    # No table is wider than the text block: every character ends inside the right margin (15 mm).
    document = pypdfium2.PdfDocument(summary_pdf_path(summary).read_bytes())
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()
            right = max(textpage.get_charbox(i)[2] for i in range(textpage.count_chars()))
            assert right <= page.get_width() - 15 * 72 / 25.4 + 1, (number, right)
    finally:
        document.close()


def test_a_draft_summary_carries_no_approval(long_summary_pages):
    _summary, pages = long_summary_pages
    assert "УТВЕРЖДАЮ" not in " ".join(pages)


def test_an_approved_summary_carries_the_approval_with_post_name_and_date(django_capture_on_commit_callbacks):
    director = UserFactory(first_name="Василий", last_name="Смирнов")
    with time_machine.travel(datetime.datetime(2024, 12, 23, 20, 30, tzinfo=datetime.UTC)):  # 23:30 in Kirov
        summary = _approve(_long_summary(), director, django_capture_on_commit_callbacks)
    assert (summary.approver_post, summary.approver_name) == ("Директор", "В.Д. Смирнов")
    assert summary.approver_organization == "Вятский многопрофильный лицей"
    pages = pdftotext_pages(summary_pdf_path(summary))
    first = _flat(pages[0])
    assert "УТВЕРЖДАЮ Директор Вятский многопрофильный лицей В.Д. Смирнов 23.12.2024" in first
    assert first.index("УТВЕРЖДАЮ") < first.index("Информационно-аналитическая справка")
    assert sum(page.count("УТВЕРЖДАЮ") for page in pages) == 1


def test_the_approval_is_frozen_a_new_director_does_not_rewrite_a_signed_summary(django_capture_on_commit_callbacks):
    summary = _approve(_long_summary(), UserFactory(), django_capture_on_commit_callbacks)
    School.objects.update(director="Н.Н. Новиков")
    with django_capture_on_commit_callbacks(execute=True):  # a purge re-issues the document
        summary_reissue(summary=summary)
    summary.refresh_from_db()
    text = " ".join(map(_flat, pdftotext_pages(summary_pdf_path(summary))))
    assert summary.status == AnalyticSummary.Status.DONE and summary.is_approved
    assert "УТВЕРЖДАЮ Директор Вятский многопрофильный лицей В.Д. Смирнов" in text
    assert "Новиков" not in text


def test_the_director_approving_on_the_page_gets_a_pdf_with_the_approval(
    client_as, director, django_capture_on_commit_callbacks
):
    _long_summary()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_as(director).post("/reports/2024-12-20/approve/").status_code == 302
    response = client_as(director).get("/reports/2024-12-20/pdf/")
    assert response.status_code == 200
    assert "УТВЕРЖДАЮ" in normalised(pdf_text(b"".join(response.streaming_content)))


# The certificate: «объявляется Наставниковой Ирине Сергеевне, учителю».


def _certificate_text(client, person, year=2024):
    award = BestMentor.objects.create(person=person, year=year, citation="За поддержку молодых педагогов")
    response = client.get(f"/reports/forms/certificate/{award.pk}/")
    assert response.status_code == 200
    return normalised(pdf_text(response.content))


@pytest.mark.parametrize(
    ("name", "position", "expected"),
    [
        (("Наставникова", "Ирина", "Сергеевна"), "учитель", "Наставниковой Ирине Сергеевне, учителю,"),
        (("Иванов", "Пётр", "Петрович"), "учитель математики", "Иванову Петру Петровичу, учителю математики,"),
        (
            ("Петрова-Водкина", "Анна", "Ивановна"),
            "педагог-психолог",
            "Петровой-Водкиной Анне Ивановне, педагогу-психологу,",
        ),
        (
            ("Шевченко", "Тарас", "Григорьевич"),
            "заместитель директора по УВР",
            "Шевченко Тарасу Григорьевичу, заместителю директора по УВР,",
        ),
    ],
)
def test_the_certificate_names_the_mentor_and_the_post_in_the_dative(client_as, curator, name, position, expected):
    last, first, patronymic = name
    person = TeacherFactory(last_name=last, first_name=first, patronymic=patronymic, position=position)
    text = _certificate_text(client_as(curator), person)
    assert f"объявляется {expected} лучшему наставнику 2024 года программы наставничества" in text


def test_the_certificate_of_a_mentor_without_a_post_names_them_alone(client_as, curator):
    person = TeacherFactory(last_name="Дюма", first_name="Александр", patronymic="", position="")
    text = _certificate_text(client_as(curator), person)
    assert "объявляется Дюма Александру, лучшему наставнику 2024 года" in text


# The printable feedback form: the parties once.


def test_the_feedback_form_lists_each_party_once(client_as, curator):
    mentor = TeacherFactory(last_name="Наставникова", first_name="Ирина", patronymic="Сергеевна")
    first = StudentFactory(last_name="Первая", first_name="Алиса", patronymic="Ивановна")
    second = StudentFactory(last_name="Вторая", first_name="Вера", patronymic="Ивановна")
    pair = MentorshipFactory(mentor=mentor, mentees=[first, second])
    response = client_as(curator).get(f"/reports/forms/feedback/{pair.pk}/")
    assert response.status_code == 200
    pages = [normalised(page) for page in pdf_pages(response.content)]
    assert len(pages) == 3  # the mentor's form and one for each mentee
    mentor_form, *mentee_forms = pages
    assert mentor_form.count("Наставникова Ирина Сергеевна") == 1
    parties = mentor_form.split("Наставник Наставникова Ирина Сергеевна Наставляемые ", 1)[1].split(" Форма")[0]
    assert sorted(parties.split(", ")) == sorted([first.full_name, second.full_name])
    for form in mentee_forms:
        own, other = (first, second) if first.full_name in form else (second, first)
        assert form.count("Наставникова Ирина Сергеевна") == 1
        assert form.count(own.full_name) == 1 and other.full_name not in form
        assert f"Наставник Наставникова Ирина Сергеевна Наставляемый {own.full_name} Форма" in form


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_and_lay_out_the_summary_once(director, monkeypatch):
    """A double click or two directors at once on PostgreSQL: one approval, one new layout."""
    from reports import services
    from tests.parallel import in_parallel, require_postgres

    require_postgres()
    summary = services.summary_generate(summary_id=summary_request(as_of=D, enqueue=False)[0].pk)
    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda s: sent.append(s.pk) or True)
    answers = in_parallel(4, lambda client, i: client.post("/reports/2024-12-20/approve/").status_code, user=director)
    assert answers == [302] * 4
    summary.refresh_from_db()
    assert summary.is_approved and summary.approved_by == director
    assert summary.status == AnalyticSummary.Status.QUEUED and sent == [summary.pk]


def _right_edge_within_margin(data, margin_mm):
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            textpage = page.get_textpage()
            right = max((textpage.get_charbox(i)[2] for i in range(textpage.count_chars())), default=0)
            if right > page.get_width() - margin_mm * 72 / 25.4 + 1:
                return False
        return True
    finally:
        document.close()


def test_every_printable_form_keeps_its_header_words_whole_inside_the_margins(client_as, curator):
    from .factories import december_scenario

    scenario = december_scenario()
    client = client_as(curator)
    urls = [
        f"/reports/forms/plan/{scenario.student_pair.plans.get().pk}/",
        f"/reports/forms/feedback/{scenario.teacher_pair.pk}/",
        "/reports/forms/order-list/?year=2024",
        f"/reports/forms/certificate/{scenario.best.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _right_edge_within_margin(response.content, 15), url
        for page in pdf_pages(response.content):
            for line in page.splitlines():
                assert not re.search(r"\w[-\u2010\u00ad]$", line.rstrip()), (url, line)


def _summary_on(as_of):
    long_scenario()
    summary, _queued = summary_request(as_of=as_of, enqueue=False)
    summary = summary_generate(summary_id=summary.pk)
    assert summary.status == AnalyticSummary.Status.DONE, summary.error
    return normalised(" ".join(pdftotext_pages(summary_pdf_path(summary))))


def test_a_summary_for_a_year_without_targets_says_that_none_are_set():
    assert not Target.objects.filter(year=2026).exists()
    text = _summary_on(datetime.date(2026, 6, 20))
    assert "плановое значение на 2026 год не задано" in text


def test_a_summary_for_a_year_with_targets_has_no_such_note():
    assert Target.objects.filter(year=D.year).exists()
    assert "не задано" not in _summary_on(D)
