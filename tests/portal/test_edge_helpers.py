"""The edge helpers in config/: the xlsx writer, the download response, the PDF renderer, the sniffer."""

import datetime
import io
import struct
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from config import files, pdf
from config.http import ascii_filename, attachment_response, content_disposition
from config.xlsx import SafeWorkbook, rows_to_xlsx, safe_sheet_title, safe_value
from mentorship.models import IndividualPlan
from public import services as public_services
from public.models import NewsItem
from roadmap.models import Evidence, Occurrence
from tests.factories import MentorshipFactory
from tests.public.factories import png_bytes

# --- config/xlsx.py -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+7 912 000-00-00", "'+7 912 000-00-00"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tтаб", "'\tтаб"),
        ("\rcr", "'\rcr"),
        ("Иван\x07ов", "Иванов"),
        ("\x07=1+1", "'=1+1"),  # the illegal character dropped first: the formula under it is caught
        ("Пет\u202eров\u200b", "Петров"),  # bidi override and zero-width space (the text policy's) dropped too
        ("строка\nдругая", "строка\nдругая"),
        ("Обычный текст", "Обычный текст"),
        (5, 5),
        (None, None),
    ],
)
def test_a_cell_value_is_never_a_formula_and_never_holds_an_illegal_character(value, written):
    assert safe_value(value) == written


def test_a_value_set_straight_on_a_worksheet_is_cleaned_when_the_workbook_is_saved():
    workbook = SafeWorkbook()
    sheet = workbook.sheet("Лист: [1]/2?")
    sheet.append(["=1+1", "bell\x07"])
    sheet.worksheet["C1"] = "=CMD()"  # bypassing append
    cells = load_workbook(io.BytesIO(workbook.to_bytes())).active
    assert [c.value for c in cells[1]] == ["'=1+1", "bell", "'=CMD()"]
    assert all(c.data_type == "s" for c in cells[1])
    assert cells.title == "Лист   1  2"


def test_rows_are_written_in_write_only_mode_with_dates_and_a_bold_header():
    content = rows_to_xlsx([["Фамилия", "Дата"], ["=x\x07", datetime.date(2024, 5, 1)]], "students")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].font.bold and sheet["A2"].value == "'=x"
    assert sheet["B2"].number_format == "DD.MM.YYYY" and sheet["B2"].value.date() == datetime.date(2024, 5, 1)


def test_a_sheet_title_is_one_openpyxl_accepts():
    assert safe_sheet_title("a" * 40) == "a" * 31
    assert safe_sheet_title("\x07") == "Sheet"


# --- config/http.py -------------------------------------------------------------------------------


def test_a_russian_file_name_is_transliterated_and_given_exactly_as_filename_star():
    header = content_disposition("Справка мониторинг.pdf")
    assert header == (
        "attachment; filename=\"Spravka_monitoring.pdf\"; filename*=UTF-8''"
        "%D0%A1%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0%20%D0%BC%D0%BE%D0%BD%D0%B8%D1%82%D0%BE%D1%80%D0%B8%D0%BD%D0%B3.pdf"
    )
    assert content_disposition("spravka-2024-12-20.pdf") == 'attachment; filename="spravka-2024-12-20.pdf"'


def test_a_file_name_cannot_inject_a_header_a_quote_or_a_path():
    header = content_disposition('../../etc/passwd"\r\nSet-Cookie: x=1\x07.pdf')
    assert "\r" not in header and "\n" not in header and "\x07" not in header
    filename = header.split('filename="', 1)[1].split('"', 1)[0]
    assert filename == ascii_filename(filename) and "/" not in filename and ".." not in filename
    assert "%2F" not in header and "%22" in header  # the exact name keeps the quote, encoded
    assert ascii_filename("\x07") == "download"


def test_an_attachment_is_not_sniffed_and_not_stored():
    response = attachment_response(b"{}", filename="person-1.json", content_type="application/json")
    assert response["Content-Disposition"] == 'attachment; filename="person-1.json"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"


# --- config/pdf.py --------------------------------------------------------------------------------


def test_only_the_bundled_font_files_may_be_fetched():
    font = (pdf.font_dir() / "DejaVuSans.ttf").resolve().as_uri()
    assert pdf.url_allowed(font)
    for url in (
        "file:///etc/passwd",
        font.replace("DejaVuSans.ttf", "../../../../etc/passwd"),
        font.replace("DejaVuSans.ttf", "DejaVuSansMono.ttf"),  # in the directory, but not bundled for PDFs
        font + "?x=1",
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "data:text/css,body{}",
        "ftp://example.org/x",
    ):
        assert not pdf.url_allowed(url), url
        with pytest.raises(ValueError, match="not allowed"):
            pdf.url_fetcher().fetch(url)


def test_a_document_that_points_at_server_files_or_other_machines_renders_without_them(monkeypatch):
    asked = []
    allowed = pdf.url_allowed

    def spy(url):
        asked.append((url, allowed(url)))
        return allowed(url)

    monkeypatch.setattr(pdf, "url_allowed", spy)
    html = (
        f"<style>{pdf.font_face_css()} body {{ font-family: {pdf.FONT_FAMILY}; }}</style>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
        '<img src="file:///etc/passwd"><img src="/etc/hostname"><p>Текст</p>'
    )
    document = pdf.render_html(html)
    assert len(document.pages) == 1 and document.write_pdf().startswith(b"%PDF-")
    refused = {url for url, ok in asked if not ok}
    assert {"http://127.0.0.1:9/evil.css", "file:///etc/passwd"} <= refused
    assert any(ok for _url, ok in asked)  # the fonts were fetched


def test_a_document_larger_than_the_limit_is_refused_with_a_russian_message(settings):
    settings.PDF_MAX_HTML_CHARS = 1000
    with translation.override("ru"), pytest.raises(pdf.PdfTooLarge, match="слишком большой"):
        pdf.render_html("<p>" + "x" * 2000 + "</p>")


def test_a_printable_form_over_the_limit_answers_413_not_500(client_as, curator, settings):
    mentorship = MentorshipFactory()
    plan = IndividualPlan.objects.get(mentorship=mentorship)
    settings.PDF_MAX_HTML_CHARS = 1000
    response = client_as(curator).get(reverse("reports:plan_pdf", args=[plan.pk]))
    assert response.status_code == 413
    assert "слишком большой" in response.content.decode()
    settings.PDF_MAX_HTML_CHARS = 5_000_000
    assert client_as(curator).get(reverse("reports:plan_pdf", args=[plan.pk])).status_code == 200


# --- config/files.py ------------------------------------------------------------------------------


def _png_header(width, height):
    """A PNG that declares `width` × `height` pixels (a decompression bomb needs no more than this)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return files.PNG_MAGIC + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20_000, 20_000), (7_000, 7_000)])
def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(size):
    with translation.override("ru"), pytest.raises(files.PictureTooLarge) as error:
        files.identify(io.BytesIO(_png_header(*size)), "bomb.png")
    assert f"{size[0]} × {size[1]} пикселей" in error.value.messages[0]
    assert "не более 40 млн пикселей" in error.value.messages[0]


def test_a_real_picture_within_the_limit_is_identified():
    assert files.identify(io.BytesIO(png_bytes()), "x.png") == files.PNG
    assert files.identify(io.BytesIO(b"<svg/>"), "x.png") is None


def test_a_bomb_uploaded_as_evidence_is_refused_with_a_message_not_a_500(client_as, curator, db):
    occurrence = Occurrence.objects.order_by("pk").first()
    prefix = f"ev{occurrence.pk}"
    client = client_as(curator)
    with translation.override("ru"):
        response = client.post(
            reverse("roadmap:evidence_add", args=[occurrence.pk]),
            {f"{prefix}-file": SimpleUploadedFile("scan.png", _png_header(20_000, 20_000))},
            HTTP_ACCEPT_LANGUAGE="ru",
        )
    assert response.status_code == 302
    assert not Evidence.objects.filter(occurrence=occurrence).exists()
    assert any("Изображение слишком большое" in str(m) for m in get_messages(response.wsgi_request))


def test_a_bomb_as_a_public_news_picture_is_refused_with_a_validation_error(db):
    item = NewsItem(title="Новость", date=datetime.date(2024, 1, 1), text="Текст", picture_alt="Описание")
    item.picture = SimpleUploadedFile("x.png", _png_header(20_000, 20_000))
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        public_services.item_save(item=item)
    assert "Изображение слишком большое" in " ".join(error.value.messages)
