"""Rows out of an .xlsx sheet (openpyxl, read-only, streaming) or a .csv file (UTF-8 or Windows-1251).

`open_table` finds the header row (the first with the kind's required columns; title rows above it
are ignored) and gives the header mapping and a generator of (row number as Excel shows it, cells).
Any failure while reading the file is a RosterFileError with a Russian message, so the job ends «failed».
"""

import csv
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .columns import match_header, required_titles
from .safety import RosterFileError

# The header row is looked for among the first rows only: a file whose header is lower is not a roster.
HEADER_SEARCH_ROWS = 50
# «Strict Open XML» workbooks (an option of Excel's «Save as») use these namespaces; openpyxl finds no
# sheets in them.
STRICT_OOXML_NAMESPACE = b"http://purl.oclc.org/ooxml/"
STRICT_OOXML_PARTS = ("xl/workbook.xml", "_rels/.rels")


@dataclass
class Table:
    header: dict  # key → (index, title as written)
    header_row: int
    rows: object  # iterator of (row number, tuple of cells), after the header, empty rows skipped
    total_rows: int | None  # an estimate for progress (data rows after the header), None if unknown


def _is_empty(cells):
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_error(exc):
    name = type(exc).__name__
    if name in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
        return RosterFileError(
            _("The workbook contains XML entity declarations, which Excel never writes; it is refused for safety.")
        )
    return RosterFileError(_("The file could not be read as an Excel workbook: it may be damaged."))


def _is_strict_ooxml(path):
    """Whether the workbook's main parts use the Strict Open XML namespaces (the zip is already checked safe)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for name in STRICT_OOXML_PARTS:
                if name in names:
                    with archive.open(name) as part:
                        if STRICT_OOXML_NAMESPACE in part.read(64 * 1024):
                            return True
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _worksheet(workbook, sheet):
    """The named sheet, or the first one; (worksheet, its stored number of rows or None)."""
    if sheet:
        if sheet not in workbook.sheetnames:
            raise RosterFileError(
                _("There is no sheet «%(sheet)s» in the workbook. Its sheets: %(sheets)s.")
                % {"sheet": sheet, "sheets": ", ".join(f"«{s}»" for s in workbook.sheetnames)}
            )
        worksheet = workbook[sheet]
    elif workbook.worksheets:
        worksheet = workbook.worksheets[0]
    else:
        raise RosterFileError(_("The workbook has no sheets with data."))
    total = worksheet.max_row if hasattr(worksheet, "reset_dimensions") else None
    if hasattr(worksheet, "reset_dimensions"):
        # The stored dimensions may be wrong (files written by other programs): read every cell.
        worksheet.reset_dimensions()
    return worksheet, total


@contextmanager
def open_table(path, ext, kind, sheet=None):
    if ext == ".csv":
        numbered, total = _csv_rows(path), None
        yield _find_header(numbered, kind, total)
        return
    import openpyxl

    if _is_strict_ooxml(path):
        raise RosterFileError(
            _(
                "The file is saved in the Strict Open XML format; save it as an ordinary Excel workbook (.xlsx) "
                "and upload it again."
            )
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except RosterFileError:
        raise
    except Exception as exc:
        raise _read_error(exc) from exc
    try:
        try:
            worksheet, total = _worksheet(workbook, sheet)
        except RosterFileError:
            raise
        except Exception as exc:
            raise _read_error(exc) from exc
        yield _find_header(_xlsx_rows(worksheet), kind, total)
    finally:
        workbook.close()


def _xlsx_rows(worksheet):
    try:
        yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
    except RosterFileError:
        raise
    except Exception as exc:
        raise _read_error(exc) from exc


def _decode(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(_("The CSV file is neither UTF-8 nor Windows-1251 text."))


def _csv_rows(path):
    with open(path, "rb") as f:
        text = _decode(f.read())
    sample = text[:20000]
    delimiter = ";" if sample.count(";") >= sample.count(",") and ";" in sample else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, tuple(cells)
    except csv.Error as exc:
        raise RosterFileError(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc


def _find_header(numbered, kind, total):
    for number, cells in numbered:
        if number > HEADER_SEARCH_ROWS:
            break
        header = match_header(kind, cells)
        if header is not None:
            estimate = max(total - number, 0) if total else None
            return Table(header, number, _data_rows(numbered), estimate)
    raise RosterFileError(
        _("No header row found: the sheet must have the columns %(columns)s.") % {"columns": required_titles(kind)}
    )


def _data_rows(numbered):
    for number, cells in numbered:
        if not _is_empty(cells):
            yield number, cells


def estimate_rows(path, ext, sheet=None):
    """The number of rows of the sheet (or lines of the CSV) without reading its cells; None if unknown."""
    if ext == ".csv":
        with open(path, "rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1024 * 1024), b""))
    import openpyxl

    if _is_strict_ooxml(path):
        return None  # open_table refuses it
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return None
    try:
        names = workbook.sheetnames
        worksheet = workbook[sheet] if sheet in names else workbook.worksheets[0]
        return worksheet.max_row
    except Exception:
        return None
    finally:
        workbook.close()
