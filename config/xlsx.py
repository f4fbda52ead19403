"""The one .xlsx writer of the portal (openpyxl); every export goes through it.

Whatever a record holds, a cell never becomes a formula and never breaks the file:

* text that starts with =, +, -, @, a tab or a CR is written with a leading apostrophe, so Excel and
  LibreOffice show it as text and never evaluate it (formula injection, «CSV injection»);
* characters that XML forbids (the control characters openpyxl's ILLEGAL_CHARACTERS_RE matches) are
  dropped, so a hostile name cannot make openpyxl raise and the export answer 500 — and so are the others
  the text policy refuses (config/text.py: bidi marks, zero-width characters), which rows stored before
  the policy may still hold.

`SafeWorkbook` cleans each value when it is appended and, for ordinary (not write-only) workbooks,
once more over every cell when the file is saved, so a value set straight on a worksheet is cleaned too.
"""

import datetime
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from config.text import strip_forbidden

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
SHEET_TITLE_MAX = 31


def safe_value(value):
    """The value as it may be written to a cell: illegal characters dropped, a formula made text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", strip_forbidden(value))
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


class SafeSheet:
    """A worksheet whose `append` cleans every value. `worksheet` is openpyxl's, for styles and widths."""

    def __init__(self, workbook, worksheet):
        self._workbook = workbook
        self.worksheet = worksheet

    def append(self, values, *, bold=False, date_format=None):
        """Append a row; returns its number (1-based). `date_format` is applied to date cells."""
        ws = self.worksheet
        if self._workbook.write_only:
            cells: list = []
            for value in values:
                if value is None:
                    cells.append(None)
                    continue
                cell = WriteOnlyCell(ws, value=safe_value(value))
                if bold:
                    cell.font = Font(bold=True)
                if date_format and isinstance(value, datetime.date):
                    cell.number_format = date_format
                cells.append(cell)
            ws.append(cells)
            self._workbook.rows_written[id(ws)] = self._workbook.rows_written.get(id(ws), 0) + 1
            return self._workbook.rows_written[id(ws)]
        ws.append([safe_value(v) for v in values])
        row = ws.max_row
        if bold or date_format:
            for cell in ws[row]:
                if bold:
                    cell.font = Font(bold=True)
                if date_format and isinstance(cell.value, datetime.date):
                    cell.number_format = date_format
        return row


class SafeWorkbook:
    """An openpyxl workbook (write-only for long registries) whose sheets only take clean values."""

    def __init__(self, *, write_only=False):
        self.write_only = write_only
        self.workbook = Workbook(write_only=write_only)
        self.rows_written = {}
        self._first_unused = not write_only

    def sheet(self, title):
        """A new sheet (the first call takes the sheet an ordinary workbook starts with)."""
        title = safe_sheet_title(title)
        if self._first_unused:
            self._first_unused = False
            worksheet = self.workbook.active
            worksheet.title = title
        else:
            worksheet = self.workbook.create_sheet(title)
        return SafeSheet(self, worksheet)

    def to_bytes(self):
        if not self.write_only:
            for worksheet in self.workbook.worksheets:
                for row in worksheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str):
                            cleaned = safe_value(cell.value)
                            if cleaned != cell.value or cell.data_type == "f":
                                cell.value = cleaned
                                cell.data_type = "s"
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def safe_sheet_title(title):
    """A sheet title openpyxl accepts: no []:*?/\\ or control characters, at most 31 characters."""
    title = ILLEGAL_CHARACTERS_RE.sub("", str(title))
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title.strip()[:SHEET_TITLE_MAX] or "Sheet"


def rows_to_xlsx(rows, sheet_title, *, header=True, date_format=DATE_FORMAT):
    """Rows (the first is the header, in bold) → .xlsx bytes, written in write-only mode."""
    workbook = SafeWorkbook(write_only=True)
    sheet = workbook.sheet(sheet_title)
    for index, row in enumerate(rows):
        sheet.append(row, bold=header and index == 0, date_format=None if index == 0 else date_format)
    return workbook.to_bytes()
