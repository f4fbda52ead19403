"""Every format a school has, each shape built here by a real writer: the values imported are asserted.

.xls is written by xlwt, .ods by odfpy, .xlsx by openpyxl (SheetJS's content types, Strict Open XML, chart
sheets, hidden rows and columns, merged headers made from it). The .xlsb is a fixture written once by SheetJS
(npm `xlsx` 0.18.5; files/make_students_xlsb.js says how), committed under files/.
"""

import datetime
import io
import struct
import zipfile
from pathlib import Path

import pytest
import xlwt
from django.urls import reverse
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

from mentorship.models import Person
from roster.models import RosterJob
from roster.safety import RosterFileError, check_file, ole2_names

from . import files
from .files import STUDENT_HEADER, csv_file, strict_xlsx, xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

PEOPLE = [
    ["A-1", "Щукина Ёлка Львовна", "05.03.2011", "7Б"],
    ["A-2", "Петров Пётр Ильич", "01.02.2012", "6А"],
]


def _people():
    return {
        p.roster_id: (p.last_name, p.first_name, p.patronymic, p.birth_date, p.grade, p.class_letter)
        for p in Person.objects.all()
    }


EXPECTED = {
    "A-1": ("Щукина", "Ёлка", "Львовна", datetime.date(2011, 3, 5), 7, "Б"),
    "A-2": ("Петров", "Пётр", "Ильич", datetime.date(2012, 2, 1), 6, "А"),
}


# --- .xls (xlwt) and .ods (odfpy) ----------------------------------------------------------------


def _xls(path, sheets, hidden_first=False):
    """`sheets` = {name: rows}; a cell may be a date (written as an Excel date) or (text, span) for a merge."""
    workbook = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                if isinstance(cell, tuple):
                    sheet.write_merge(r, r, c, c + cell[1] - 1, cell[0])
                    c += cell[1]
                    continue
                if isinstance(cell, datetime.date):
                    sheet.write(r, c, cell, date_style)
                elif cell is not None:
                    sheet.write(r, c, cell)
                c += 1
    workbook.save(str(path))
    return path


def test_an_xls_workbook_written_by_xlwt_imports_its_values_with_excel_dates(run_import, tmp_path):
    rows = [["Список 7Б"], STUDENT_HEADER, ["A-1", "Щукина Ёлка Львовна", datetime.date(2011, 3, 5), "7Б"]]
    rows.append(["A-2", "Петров Пётр Ильич", "01.02.2012", "6 а"])
    result = run_import("students", _xls(tmp_path / "list.xls", {"Лист1": rows}))
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_an_xls_two_level_header_with_a_merged_fio_is_read_as_one_header_row(run_import, tmp_path):
    rows = [
        ["ID", ("ФИО", 3), "Дата рождения", "Класс"],
        [None, "Фамилия", "Имя", "Отчество"],
        ["A-1", "Щукина", "Ёлка", "Львовна", "05.03.2011", "7Б"],
        ["A-2", "Петров", "Пётр", "Ильич", "01.02.2012", "6А"],
    ]
    result = run_import("students", _xls(tmp_path / "two.xls", {"Ученики": rows}))
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_an_xls_hidden_old_class_column_and_hidden_row_are_ignored(run_import, tmp_path):
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Ученики")
    rows = [
        ["ID", "ФИО", "Дата рождения", "Класс", "Класс"],
        ["A-1", "Щукина Ёлка Львовна", "05.03.2011", "5Б", "7Б"],
        ["A-9", "Скрытый Ученик", "01.01.2015", "1А", "1А"],
        ["A-2", "Петров Пётр Ильич", "01.02.2012", "4А", "6А"],
    ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            sheet.write(r, c, cell)
    sheet.col(3).hidden = True
    sheet.row(2).hidden = True
    path = tmp_path / "hidden.xls"
    workbook.save(str(path))
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def _ods(path, tables):
    """`tables` = {name: (rows, hidden columns, hidden rows)}; a cell may be (text, span) for a merged title."""
    document = OpenDocumentSpreadsheet()
    for name, (rows, hidden_columns, hidden_rows) in tables.items():
        table = Table(name=name)
        for index in range(max(len(r) for r in rows)):
            table.addElement(TableColumn(visibility="collapse" if index in hidden_columns else "visible"))
        for r, row in enumerate(rows):
            element = TableRow(visibility="collapse") if r in hidden_rows else TableRow()
            for cell in row:
                if isinstance(cell, tuple):
                    merged = TableCell(valuetype="string", numbercolumnsspanned=cell[1])
                    merged.addElement(P(text=cell[0]))
                    element.addElement(merged)
                    for _ in range(cell[1] - 1):
                        element.addElement(CoveredTableCell())
                    continue
                if cell is None:
                    element.addElement(TableCell())
                    continue
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=str(cell)))
                element.addElement(tc)
            table.addElement(element)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def test_an_ods_workbook_written_by_odfpy_imports_its_values(run_import, tmp_path):
    path = _ods(tmp_path / "list.ods", {"Список": ([STUDENT_HEADER, *PEOPLE], set(), set())})
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_an_ods_hidden_column_and_row_are_ignored_and_a_two_level_header_is_read(run_import, tmp_path):
    rows = [
        ["ID", ("ФИО", 3), "Класс", "Дата рождения", "Класс"],
        [None, "Фамилия", "Имя", "Отчество"],
        ["A-1", "Щукина", "Ёлка", "Львовна", "5Б", "05.03.2011", "7Б"],
        ["A-9", "Скрытый", "Ученик", "", "1А", "01.01.2015", "1А"],
        ["A-2", "Петров", "Пётр", "Ильич", "4А", "01.02.2012", "6А"],
    ]
    path = _ods(tmp_path / "hidden.ods", {"Список": (rows, {4}, {3})})  # the old «Класс» and row 4 hidden
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


# --- .xlsx shapes --------------------------------------------------------------------------------

SHEETJS_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    b'<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/styles.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    b"</Types>"
)


def test_a_workbook_with_sheetjs_content_types_imports_it_is_not_a_macro_file(run_import, tmp_path):
    path = files.rezip(
        xlsx_bytes([STUDENT_HEADER, *PEOPLE]),
        tmp_path / "sheetjs.xlsx",
        replace={"[Content_Types].xml": SHEETJS_CONTENT_TYPES},
    )
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_an_xlsm_without_a_vba_project_is_read_as_data_and_one_with_a_vba_project_is_refused(run_import, tmp_path):
    plain = files.rezip(xlsx_bytes([STUDENT_HEADER, *PEOPLE]), tmp_path / "plain.xlsm")
    assert run_import("students", plain).summary() == "создано 2, изменено 0, без изменений 0"
    macro = files.macro_xlsm(tmp_path / "macro.xlsm")
    assert "В книге есть макросы" in run_import("students", macro).file_error


def test_an_xls_with_a_vba_storage_is_refused_as_macros_and_a_plain_one_is_not(tmp_path):
    path = _xls(tmp_path / "plain.xls", {"Лист1": [STUDENT_HEADER, *PEOPLE]})
    data = path.read_bytes()
    assert {"Root Entry", "Workbook"} <= ole2_names(data)
    assert check_file(path) == ".xls"
    # The directory entry «Workbook» renamed to the VBA project's storage.
    at = data.index("Workbook".encode("utf-16-le"))
    name = "_VBA_PROJECT_CUR".encode("utf-16-le") + b"\0\0"
    patched = data[:at] + name + data[at + len(name) : at + 64] + (len(name)).to_bytes(2, "little") + data[at + 66 :]
    macro = files.write_bytes(tmp_path / "macro.xls", patched)
    assert "_VBA_PROJECT_CUR" in ole2_names(patched)
    with pytest.raises(RosterFileError, match="макросы"):
        check_file(macro)


def test_an_xlsb_package_is_not_called_a_macro_file(tmp_path):
    content_types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        b"</Types>"
    )
    path = tmp_path / "list.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert check_file(path) == ".xlsb"
    files.rezip(path.read_bytes(), tmp_path / "macro.xlsb", add={"xl/vbaProject.bin": b"\xd0\xcf"})
    with pytest.raises(RosterFileError, match="макросы"):
        check_file(tmp_path / "macro.xlsb")


def test_a_strict_ooxml_workbook_imports_its_values(run_import, tmp_path):
    result = run_import("students", strict_xlsx([STUDENT_HEADER, *PEOPLE], tmp_path / "strict.xlsx"))
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_a_chart_sheet_is_skipped_not_called_damaged_and_nothing_is_printed(run_import, tmp_path, capfd):
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "Ученики"
    for row in [STUDENT_HEADER, *PEOPLE]:
        data.append(row)
    chart_sheet = workbook.create_chartsheet("Диаграмма", 0)  # the chart comes first
    chart = BarChart()
    chart.add_data(Reference(data, min_col=4, min_row=1, max_row=3))
    chart_sheet.add_chart(chart)
    path = tmp_path / "chart.xlsx"
    workbook.save(path)
    capfd.readouterr()
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED
    assert (result.sheet, result.sheets) == ("Ученики", ("Ученики",))
    assert capfd.readouterr().out == ""
    assert "диаграмма" in run_import("students", path, sheet="Диаграмма").file_error


def test_a_hidden_old_class_column_and_a_hidden_row_are_ignored_in_xlsx(run_import, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "ФИО", "Дата рождения", "Класс", "Класс"])
    sheet.append(["A-1", "Щукина Ёлка Львовна", "05.03.2011", "5Б", "7Б"])
    sheet.append(["A-9", "Скрытый Ученик", "01.01.2015", "1А", "1А"])
    sheet.append(["A-2", "Петров Пётр Ильич", "01.02.2012", "4А", "6А"])
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[3].hidden = True
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_an_xlsx_two_level_header_with_merged_titles_is_one_header_row(run_import, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Список обучающихся"])
    sheet.append(["ID", "ФИО", None, None, "Дата рождения", "Класс"])
    sheet.append([None, "Фамилия", "Имя", "Отчество"])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("E2:E3")
    sheet.merge_cells("F2:F3")
    sheet.append(["A-1", "Щукина", "Ёлка", "Львовна", "05.03.2011", "7Б"])
    sheet.append(["A-2", "Петров", "Пётр", "Ильич", datetime.datetime(2012, 2, 1), "6А"])
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED
    assert result.preview[0][0] == 4  # rows are still numbered as Excel shows them


@pytest.mark.parametrize("first", ["empty", "hidden"])
def test_an_empty_or_hidden_first_sheet_is_skipped_for_the_sheet_with_the_list(run_import, tmp_path, first):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Пусто"
    if first == "hidden":
        workbook.active.append(["ФИО", "Дата рождения", "Класс"])
        workbook.active.append(["Старый Список", "01.01.2000", "1А"])
        workbook.active.sheet_state = "hidden"
    sheet = workbook.create_sheet("Ученики")
    for row in [STUDENT_HEADER, *PEOPLE]:
        sheet.append(row)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED
    assert result.sheet_note() == "Прочитан лист «Ученики». Другие листы: «Пусто»."


def test_no_sheet_with_a_header_names_the_sheets_looked_at(run_import, tmp_path):
    path = xlsx([["Пояснения"]], tmp_path / "none.xlsx", title="Титул", sheets={"Прочее": [["x"]]})
    error = run_import("students", path).file_error
    assert "«Титул», «Прочее»" in error and "строка заголовков" in error


def test_the_job_page_says_which_sheet_was_read(client, client_as, admin_user_role, curator, tmp_path):
    path = xlsx([], tmp_path / "book.xlsx", title="Обложка", sheets={"Ученики": [STUDENT_HEADER, *PEOPLE]})
    journal = reverse("mentorship:import_journal")
    with open(path, "rb") as f:
        assert client.post(journal, {"kind": "students", "file": f}).url.startswith("/accounts/login/")
    with open(path, "rb") as f:
        assert client_as(curator).post(journal, {"kind": "students", "file": f}).status_code == 403
    with open(path, "rb") as f:
        response = client_as(admin_user_role).post(journal, {"kind": "students", "file": f}, follow=True)
    job = RosterJob.objects.get()
    assert (job.status, job.created) == (RosterJob.Status.PREVIEW, 2)
    assert job.message == "Прочитан лист «Ученики». Другие листы: «Обложка»."
    assert job.message in response.content.decode()


def test_the_upload_accepts_xlsx_xls_ods_and_csv(client_as, admin_user_role):
    page = client_as(admin_user_role).get(reverse("mentorship:import_journal")).content.decode()
    assert 'accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv"' in page


def test_xls_and_ods_uploads_reach_the_preview(client_as, admin_user_role, tmp_path):
    client = client_as(admin_user_role)
    journal = reverse("mentorship:import_journal")
    for path in (
        _xls(tmp_path / "a.xls", {"Лист1": [STUDENT_HEADER, *PEOPLE]}),
        _ods(tmp_path / "a.ods", {"Лист1": ([STUDENT_HEADER, *PEOPLE], set(), set())}),
    ):
        with open(path, "rb") as f:
            client.post(journal, {"kind": "students", "file": f}, follow=True)
    assert list(RosterJob.objects.order_by("pk").values_list("status", "created")) == [("preview", 2), ("preview", 2)]


# --- CSV -----------------------------------------------------------------------------------------

CSV_ROWS = [["Список 7Б"], ["ID", "ФИО", "Дата рождения", "Класс", "Адрес"]] + [
    [*p, "г. Тула, ул. Ленина, д. 5, кв. 7, подъезд 2, этаж 3"] for p in PEOPLE
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "cp866", "koi8_r"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_every_encoding_and_delimiter_imports_its_values(run_import, tmp_path, encoding, delimiter):
    rows = CSV_ROWS
    if delimiter == ",":  # a comma-separated file quotes the address
        rows = [[f'"{c}"' if "," in c else c for c in row] for row in CSV_ROWS]
    path = csv_file(rows, tmp_path / "list.csv", delimiter=delimiter, encoding=encoding)
    result = run_import("students", path)
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_a_semicolon_csv_whose_addresses_hold_more_commas_than_the_file_has_semicolons(run_import, tmp_path):
    rows = [["ФИО", "Класс", "Дата рождения", "Адрес"]] + [
        [p[1], p[3], p[2], "Тула, Ленина, 5, 7, 2, 3, 4, 5, 6, 7, 8"] for p in PEOPLE
    ]
    result = run_import("students", csv_file(rows, tmp_path / "list.csv", delimiter=";", encoding="cp1251"))
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert Person.objects.get(last_name="Петров").grade == 6


def test_a_csv_in_an_unknown_encoding_names_the_encoding(run_import, tmp_path):
    import random

    generator = random.Random(1)
    path = files.write_bytes(tmp_path / "x.csv", bytes(generator.randrange(256) for _ in range(3000)))
    assert "кодировку" in run_import("students", path).file_error


def test_a_csv_without_a_delimiter_names_the_delimiter(run_import, tmp_path):
    path = files.write_bytes(tmp_path / "x.csv", "Щукина Ёлка Львовна\nПетров Пётр\n".encode())
    assert "разделитель" in run_import("students", path).file_error


def test_the_csv_header_row_is_still_required(run_import, tmp_path):
    path = csv_file([["Фамилия", "Школа"], ["Щукина", "1"]], tmp_path / "x.csv")
    assert "строка заголовков" in run_import("students", path).file_error


def test_a_workbook_named_csv_is_not_read_as_text(run_import, tmp_path):
    path = files.write_bytes(tmp_path / "x.csv", io.BytesIO(xlsx_bytes([["a"]])).getvalue())
    assert "переименуйте" in run_import("students", path).file_error


def test_a_two_level_header_without_merges_in_a_csv_is_one_header_row(run_import, tmp_path):
    rows = [
        ["ID", "ФИО", "", "", "Дата рождения", "Класс"],
        ["", "Фамилия", "Имя", "Отчество", "", ""],
        ["A-1", "Щукина", "Ёлка", "Львовна", "05.03.2011", "7Б"],
        ["A-2", "Петров", "Пётр", "Ильич", "01.02.2012", "6А"],
    ]
    result = run_import("students", csv_file(rows, tmp_path / "two.csv"))
    assert result.summary() == "создано 2, изменено 0, без изменений 0", result.errors
    assert _people() == EXPECTED


def test_a_password_protected_xls_is_refused_with_the_password_message(run_import, tmp_path):
    path = _xls(tmp_path / "plain.xls", {"Лист1": [STUDENT_HEADER, *PEOPLE]})
    data = bytearray(path.read_bytes())
    first = 512  # the Workbook stream starts in sector 0: BOF, then the record made FILEPASS (0x002F)
    kind, length = struct.unpack_from("<HH", data, first)
    assert kind == 0x0809
    struct.pack_into("<H", data, first + 4 + length, 0x002F)
    result = run_import("students", files.write_bytes(tmp_path / "locked.xls", bytes(data)))
    assert "защищён паролем" in result.file_error
    assert Person.objects.count() == 0


def test_the_row_estimate_of_every_format_counts_the_sheets_rows(tmp_path):
    from roster.reading import estimate_rows

    rows = [STUDENT_HEADER, *PEOPLE]
    assert estimate_rows(xlsx(rows, tmp_path / "a.xlsx"), ".xlsx") == 3
    assert estimate_rows(_xls(tmp_path / "a.xls", {"Пусто": [], "Лист": rows}), ".xls") == 3
    assert estimate_rows(_ods(tmp_path / "a.ods", {"Лист": (rows, set(), set())}), ".ods") == 3


XLSB_FIXTURE = Path(__file__).parent / "files" / "students.xlsb"  # written by SheetJS: files/make_students_xlsb.js


def test_an_xlsb_workbook_written_by_sheetjs_imports_its_values(run_import):
    from mentorship.models import Person

    result = run_import("students", XLSB_FIXTURE)
    assert result.errors == [], [str(e) for e in result.errors]
    assert (result.created, result.sheet, result.skipped) == (3, "Ученики", [[8, "Итого: 3 обучающихся"]])
    people = {
        p.roster_id: (p.full_name, p.birth_date, p.class_name, p.date_joined)
        for p in Person.objects.order_by("roster_id")
    }
    assert people == {
        "У-0101": ("Семёнова Алёна Игоревна", datetime.date(2011, 3, 15), "7Б", datetime.date(2018, 9, 1)),
        "У-0102": ("Алиев Руслан Тимур оглы", datetime.date(2010, 10, 2), "8А", datetime.date(2017, 9, 1)),
        "У-0103": ("Ким Виктория", datetime.date(2012, 12, 31), "5", None),
    }


def test_the_short_cell_records_of_an_xlsb_are_put_in_the_full_form_calamine_reads():
    """SheetJS leaves out the column of every cell after a row's first (MS-XLSB §2.5.10); python-calamine alone
    reads such a sheet one column wide. The reader puts the columns back; a sheet without them is left as is."""
    import zipfile

    import python_calamine

    from roster.reading import full_cell_records, xlsb_with_full_cells

    alone = python_calamine.CalamineWorkbook.from_path(str(XLSB_FIXTURE)).get_sheet_by_name("Ученики").to_python()
    assert max(len(row) for row in alone) == 1
    rewritten = xlsb_with_full_cells(XLSB_FIXTURE)
    header = python_calamine.CalamineWorkbook.from_filelike(rewritten).get_sheet_by_name("Ученики").to_python()[2]
    assert header == ["ID", "Фамилия, имя, отчество", "Дата рождения", "Класс", "Дата зачисления"]
    rewritten.seek(0)
    with zipfile.ZipFile(rewritten) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(full_cell_records(archive.read(n)) is None for n in sheets)  # nothing short is left
