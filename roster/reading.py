"""Rows out of a roster file: one reader (python-calamine) for every workbook format, one for CSV.

Workbooks: .xlsx, .xlsm (read as data), .xlsb, .xls, .ods, Strict Open XML included, all read by
python-calamine; the file has passed roster/safety.py first. `open_table` picks the sheet (the named one,
or the first visible worksheet that has a header row: empty, hidden and chart sheets are skipped), finds
the header row (the first with the kind's required columns; title rows above it are ignored; a two-level
header — «ФИО» merged above «Фамилия | Имя | Отчество» — is read as one row), and gives the header mapping
and a generator of (row number as Excel shows it, cells). Hidden rows and columns are left out, so that
visible data wins (an old hidden «Класс» column cannot beat the visible one). What each format tells about
hidden and merged cells is in `layout` below and in docs/roster.md.

CSV: the encoding is detected (UTF-8 with or without BOM, UTF-16, then charset-normalizer among cp1251,
cp866 and KOI8-R) and so is the delimiter (`;`, `,` or tab: the one whose lines give the header row and a
consistent number of columns); a failure names its cause.

Any failure while reading the file is a RosterFileError with a Russian message, so the job ends «failed».
"""

import codecs
import csv
import io
import re
import struct
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import match_header, required_titles
from .safety import OOXML_EXTENSIONS, RosterFileError, ole2_directory

# The header row is looked for among the first rows only: a file whose header is lower is not a roster.
HEADER_SEARCH_ROWS = 50
CSV_DELIMITERS = (";", ",", "\t")
# 8-bit Cyrillic encodings a school's CSV may come in (after UTF-8 and UTF-16, recognised by their bytes).
CSV_ENCODINGS = ("cp1251", "cp866", "koi8_r")
CSV_SAMPLE_LINES = HEADER_SEARCH_ROWS + 50


@dataclass
class Table:
    header: dict  # key → (index, title as written)
    header_row: int
    rows: object  # iterator of (row number, tuple of cells), after the header, empty rows skipped
    total_rows: int | None  # an estimate for progress (data rows after the header), None if unknown
    sheet: str = ""  # the sheet read ("" for CSV)
    sheets: tuple = ()  # every worksheet of the book, in order


class NoHeaderRow(RosterFileError):
    pass


@dataclass
class Layout:
    """What the format tells beyond the values: hidden rows (1-based), hidden columns and merged ranges (0-based)."""

    hidden_rows: set = field(default_factory=set)
    hidden_columns: set = field(default_factory=set)
    merges: list = field(default_factory=list)  # ((first row, first column), (last row, last column))


def _is_empty(cells):
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_error(exc):
    if type(exc).__name__ == "PasswordError":  # python-calamine: an encrypted .xls (FILEPASS)
        return RosterFileError(
            _("The file is protected with a password. Remove the password in Excel and upload the file again.")
        )
    text = str(exc)
    if "DOCTYPE" in text or "ENTITY" in text or type(exc).__name__ in ("DTDForbidden", "EntitiesForbidden"):
        return RosterFileError(
            _("The workbook contains XML entity declarations, which Excel never writes; it is refused for safety.")
        )
    return RosterFileError(_("The file could not be read as an Excel workbook: it may be damaged."))


def _no_header(kind):
    return NoHeaderRow(
        _("No header row found: the sheet must have the columns %(columns)s.") % {"columns": required_titles(kind)}
    )


@contextmanager
def open_table(path, ext, kind, sheet=None):
    if ext == ".csv":
        with open(path, "rb") as f:
            text = _decode(f.read())
        delimiter = _delimiter(text, kind)
        yield _find_header(_csv_rows(text, delimiter), kind, None)
        return
    workbook = _open_workbook(path)
    try:
        yield _workbook_table(workbook, path, ext, kind, sheet)
    finally:
        workbook.close()


# --- Workbooks -----------------------------------------------------------------------------------


def _open_workbook(path):
    import python_calamine

    try:
        if str(path).lower().endswith(".xlsb"):
            rewritten = xlsb_with_full_cells(path)
            if rewritten is not None:
                return python_calamine.CalamineWorkbook.from_filelike(rewritten)
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise _read_error(exc) from exc


# --- .xlsb: the short cell records --------------------------------------------------------------
# MS-XLSB §2.5.10: a cell record may leave out its column (BrtShortBlank … BrtShortIsst, types 12–18: the
# column is the previous cell's plus one). Excel writes the full form (types 1–7, §2.5.9), SheetJS the short
# one for every cell after the first of a row, and python-calamine (0.9) reads only the full form: such a
# workbook would read one column wide. Before calamine reads it, each sheet's short records are written in
# the full form (the column put back in front); nothing else in the file changes.

_SHORT_CELLS = {12: 1, 13: 2, 14: 3, 15: 4, 16: 5, 17: 6, 18: 7}  # BrtShort* → BrtCell*
_ROW_HEADER, _CELLS, _BEGIN_SHEET_DATA, _END_SHEET_DATA = 0, range(1, 12), 145, 146


def _varint(data, pos, limit):
    value = 0
    for index in range(limit):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            break
    return value, pos


def _varint_bytes(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def full_cell_records(data: bytes) -> bytes | None:
    """A sheet part (`xl/worksheets/sheetN.bin`) with its short cell records in the full form, None when it
    has none."""
    out, pos, column, in_data, changed = bytearray(), 0, -1, False, False
    while pos < len(data):
        kind, pos = _varint(data, pos, 2)
        size, pos = _varint(data, pos, 4)
        body = data[pos : pos + size]
        pos += size
        if kind in (_BEGIN_SHEET_DATA, _END_SHEET_DATA):
            in_data = kind == _BEGIN_SHEET_DATA
        elif in_data and kind == _ROW_HEADER:
            column = -1
        elif in_data and kind in _CELLS:
            column = int.from_bytes(body[:4], "little")
        elif in_data and kind in _SHORT_CELLS:
            column += 1
            kind, body, changed = _SHORT_CELLS[kind], column.to_bytes(4, "little") + body, True
        out += _varint_bytes(kind) + _varint_bytes(len(body)) + body
    return bytes(out) if changed else None


def xlsb_with_full_cells(path) -> io.BytesIO | None:
    """The .xlsb at `path` as python-calamine can read every cell of it (see above), or None when it is already
    so. The archive has passed roster/safety.py (sizes, ratios) before."""
    source = io.BytesIO(Path(path).read_bytes())
    with zipfile.ZipFile(source) as archive:
        parts = {}
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".bin"):
                rewritten = full_cell_records(archive.read(info))
                if rewritten is not None:
                    parts[info.filename] = rewritten
        if not parts:
            return None
        target = io.BytesIO()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                out.writestr(info, parts.get(info.filename) or archive.read(info))
    target.seek(0)
    return target


def _worksheet(workbook, sheet):
    """The named sheet (python-calamine reads it whole)."""
    return workbook.get_sheet_by_name(sheet)


def _candidates(workbook, sheet):
    """(every worksheet's name, the names to try in order)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    metadata = workbook.sheets_metadata
    worksheets = tuple(m.name for m in metadata if m.typ == SheetTypeEnum.WorkSheet)
    if sheet:
        if sheet not in worksheets:
            names = ", ".join(f"«{s}»" for s in worksheets)
            if sheet in workbook.sheet_names:
                message = _("«%(sheet)s» is a chart, not a sheet with a list. The workbook's sheets: %(sheets)s.")
            else:
                message = _("There is no sheet «%(sheet)s» in the workbook. Its sheets: %(sheets)s.")
            raise RosterFileError(message % {"sheet": sheet, "sheets": names})
        return worksheets, [sheet]
    visible = [m.name for m in metadata if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible]
    if not visible:
        raise RosterFileError(_("The workbook has no sheets with data."))
    return worksheets, visible


def _workbook_table(workbook, path, ext, kind, sheet):
    try:
        worksheets, names = _candidates(workbook, sheet)
        for name in names:
            worksheet = _worksheet(workbook, name)
            layout = layout_of(path, ext, name, worksheet)
            start = worksheet.start or (0, 0)
            try:
                table = _find_header(
                    _sheet_rows(worksheet, layout), kind, (worksheet.end or (0, 0))[0] + 1, _relative(layout, start)
                )
            except NoHeaderRow:
                continue
            table.sheet, table.sheets = name, worksheets
            return table
    except RosterFileError:
        raise
    except Exception as exc:
        raise _read_error(exc) from exc
    if len(names) > 1:
        raise NoHeaderRow(
            _("No header row found on any sheet (%(sheets)s): the list must have the columns %(columns)s.")
            % {"sheets": ", ".join(f"«{s}»" for s in names), "columns": required_titles(kind)}
        )
    raise _no_header(kind)


def _relative(layout, start):
    """Merged ranges as column indexes of the rows python-calamine gives (they start at the first used column)."""
    column = start[1]
    return [((r0, c0 - column), (r1, c1 - column)) for (r0, c0), (r1, c1) in layout.merges]


def _sheet_rows(worksheet, layout):
    """(row number, cells) with hidden rows left out and hidden columns blank."""
    first_column = (worksheet.start or (0, 0))[1]
    hidden = sorted(c - first_column for c in layout.hidden_columns if c >= first_column)
    hidden_rows = layout.hidden_rows
    # python-calamine gives the rows from the sheet's first row (empty ones above the data included) and the
    # columns from the first used one.
    if not hidden_rows and not hidden:
        return enumerate(worksheet.iter_rows(), start=1)  # nothing to leave out: no generator in between
    return _visible_rows(worksheet, hidden_rows, hidden)


def _visible_rows(worksheet, hidden_rows, hidden):
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if hidden_rows and number in hidden_rows:
            continue
        if hidden:
            cells = list(cells)
            for index in hidden:
                if index < len(cells):
                    cells[index] = None
        yield number, cells


def layout_of(path, ext, name, worksheet=None) -> Layout:
    """Hidden rows and columns and merged ranges of sheet `name`, as far as the format tells them cheaply.

    .xlsx/.xlsm: all three (hidden from the sheet's XML, streamed; merged ranges from python-calamine);
    .xls: all three (hidden from the BIFF8 records ROW and COLINFO; merged ranges from python-calamine);
    .ods: all three from content.xml; .xlsb: none."""
    layout = Layout()
    try:
        layout.merges = list(getattr(worksheet, "merged_cell_ranges", None) or [])
    except Exception:  # a format python-calamine keeps no merges for
        layout.merges = []
    try:
        if ext in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as archive:
                part = _xlsx_sheet_parts(archive).get(name)
                if part:
                    layout.hidden_rows, layout.hidden_columns = _xlsx_hidden(archive, part)
        elif ext == ".ods":
            with zipfile.ZipFile(path) as archive:
                _ods_layout(archive, name, layout)
        elif ext == ".xls":
            _xls_hidden(path, name, layout)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, SyntaxError, struct.error):
        pass  # the layout is an aid: the values are read all the same
    return layout


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_parts(archive):
    """{sheet name: its part in the package}, from the workbook and its relationships (any namespace: Strict too)."""
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relationships if _local(r.tag) == "Relationship"}
    parts = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        if target:
            parts[element.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden\s*=\s*"(?:1|true)"')
_ATTRIBUTE = {name: re.compile(rb"\b" + name + rb'\s*=\s*"(\d+)"') for name in (b"r", b"min", b"max")}


def _number(attributes, name):
    match = _ATTRIBUTE[name].search(attributes)
    return int(match.group(1)) if match else None


def _xlsx_hidden(archive, part):
    """Hidden rows (1-based) and columns (0-based) of a sheet part, streamed in chunks: only chunks that say
    «hidden» are looked into, so a sheet without hidden rows costs one pass of decompression."""
    rows: set[int] = set()
    columns: set[int] = set()
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(4 * 1024 * 1024):
            data = tail + chunk
            cut = data.rfind(b"<")
            body, tail = data[:cut], data[cut:]
            if b"hidden" not in body:
                continue
            for match in _COL_TAG.finditer(body):
                attributes = match.group(1)
                if _HIDDEN.search(attributes):
                    low, high = _number(attributes, b"min"), _number(attributes, b"max")
                    if low and high and high - low < 20_000:
                        columns.update(range(low - 1, high))
            for match in _ROW_TAG.finditer(body):
                attributes = match.group(1)
                if _HIDDEN.search(attributes):
                    number = _number(attributes, b"r")
                    if number:
                        rows.add(number)
    return rows, columns


BIFF_BOUNDSHEET, BIFF_EOF, BIFF_ROW, BIFF_COLINFO = 0x0085, 0x000A, 0x0208, 0x007D


def _biff_records(stream, offset):
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, stream[offset + 4 : offset + 4 + length]
        if kind == BIFF_EOF:
            return
        offset += 4 + length


def _xls_hidden(path, name, layout):
    """Hidden rows (ROW records, fDyZero) and columns (COLINFO, fHidden) of sheet `name` of a BIFF8 workbook."""
    with open(path, "rb") as f:
        directory = ole2_directory(f.read())
    stream = directory and (directory[1]("Workbook") or directory[1]("Book"))
    if not stream:
        return
    position = None
    for kind, record in _biff_records(stream, 0):
        if kind == BIFF_BOUNDSHEET:
            count, high = record[6], record[7] & 1
            title = record[8 : 8 + count * (2 if high else 1)].decode("utf-16-le" if high else "latin-1")
            if title == name:
                position = struct.unpack_from("<I", record, 0)[0]
    if position is None:
        return
    for kind, record in _biff_records(stream, position):
        if kind == BIFF_ROW and len(record) >= 14 and struct.unpack_from("<H", record, 12)[0] & 0x20:
            layout.hidden_rows.add(struct.unpack_from("<H", record, 0)[0] + 1)
        elif kind == BIFF_COLINFO and len(record) >= 10:
            first, last, _width, _style, options = struct.unpack_from("<HHHHH", record, 0)
            if options & 1:
                layout.hidden_columns.update(range(first, min(last, 16_383) + 1))


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_layout(archive, name, layout):
    """Hidden (collapsed or filtered) rows and columns and spanned cells of table `name` in content.xml."""
    from defusedxml.ElementTree import iterparse

    def attribute(element, local, default=None):
        return element.get(f"{{{TABLE_NS}}}{local}", default)

    merges = []
    inside, row, column = False, 0, 0
    with archive.open("content.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "table" and element.tag.startswith(f"{{{TABLE_NS}}}"):
                if event == "start":
                    inside = attribute(element, "name") == name
                    row, column = 0, 0
                elif inside:
                    break
                continue
            if not inside or event != "start":
                if event == "end" and tag == "table-row":
                    element.clear()
                continue
            if tag == "table-column":
                repeated = int(attribute(element, "number-columns-repeated", "1"))
                if attribute(element, "visibility", "visible") != "visible" and repeated < 20_000:
                    layout.hidden_columns.update(range(column, column + repeated))
                column += repeated
            elif tag == "table-row":
                repeated = int(attribute(element, "number-rows-repeated", "1"))
                if attribute(element, "visibility", "visible") != "visible" and repeated < 20_000:
                    layout.hidden_rows.update(range(row + 1, row + 1 + repeated))
                row += repeated
                column = 0
            elif tag in ("table-cell", "covered-table-cell"):
                spanned = int(attribute(element, "number-columns-spanned", "1"))
                rows_spanned = int(attribute(element, "number-rows-spanned", "1"))
                if tag == "table-cell" and (spanned > 1 or rows_spanned > 1):
                    merges.append(((row - 1, column), (row - 2 + rows_spanned, column + spanned - 1)))
                column += int(attribute(element, "number-columns-repeated", "1"))
    if not layout.merges:
        layout.merges = merges


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def estimate_rows(path, ext, sheet=None):
    """The number of rows of the sheet (or lines of the CSV) for the choice of a background job; None if unknown.

    An .xlsx tells it in its sheet's `<dimension>` without reading the cells; other workbooks are read."""
    if ext == ".csv":
        with open(path, "rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1024 * 1024), b""))
    try:
        if ext in OOXML_EXTENSIONS and ext != ".xlsb":
            with zipfile.ZipFile(path) as archive:
                parts = _xlsx_sheet_parts(archive)
                rows = []
                for part in [parts.get(sheet)] if sheet else parts.values():
                    if part:
                        with archive.open(part) as stream:
                            match = _DIMENSION.search(stream.read(4096))
                        if match:
                            rows.append(int(match.group(1)))
                if rows:
                    return max(rows)
        workbook = _open_workbook(path)
        try:
            _worksheets, names = _candidates(workbook, sheet)
            return max(((workbook.get_sheet_by_name(n).end or (-1, 0))[0] + 1 for n in names), default=0)
        finally:
            workbook.close()
    except Exception:
        return None


# --- CSV -----------------------------------------------------------------------------------------


def _decode(data):
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)  # before UTF-8: UTF-16 Latin and Cyrillic are ASCII bytes with NULs
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Tabs count as «chaos» to charset-normalizer: a tab-separated file needs a looser threshold than 0.2.
    best = from_bytes(data, cp_isolation=list(CSV_ENCODINGS), threshold=0.5).best()
    if best is None:
        raise RosterFileError(
            _(
                "The encoding of the CSV file was not recognised (UTF-8, UTF-16, Windows-1251, CP866 and KOI8-R "
                "are read): save it as «CSV UTF-8» and upload it again."
            )
        )
    return str(best)


def _utf16_without_bom(data):
    """UTF-16 text without a BOM: Latin, digits and Cyrillic have 0x00 or 0x04 as every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or b"\0" not in sample:
        return None
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if (high.count(0) + high.count(4)) >= 0.9 * len(high):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _delimiter(text, kind):
    """The delimiter whose first lines hold the kind's header row, with a consistent number of columns after it;
    without a header under any of them, the one with the most consistent count of columns."""
    lines = text.splitlines()[:CSV_SAMPLE_LINES]
    best, best_score = None, (-1, -1)
    for delimiter in CSV_DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if not _is_empty(r)]
        if not widths or max(widths) < 2:
            continue
        header_at = next((i for i, r in enumerate(rows) if match_header(kind, r) is not None), None)
        if header_at is not None:
            width = len(rows[header_at])
            data = [len(r) for r in rows[header_at + 1 :] if not _is_empty(r)]
            score = (2, sum(1 for w in data if w == width))
        else:
            score = (1, Counter(w for w in widths if w > 1).most_common(1)[0][1])
        if score > best_score:
            best, best_score = delimiter, score
    if best is None:
        raise RosterFileError(
            _("No column delimiter found in the CSV file: separate the columns with «;», «,» or a tab.")
        )
    return best


def _csv_rows(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, tuple(cells)
    except csv.Error as exc:
        raise RosterFileError(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc


# --- The header row ------------------------------------------------------------------------------


def _two_level(upper, lower):
    """One header row from two: a cell of the lower row under a merged title, else the upper cell."""
    width = max(len(upper), len(lower))
    return [
        (lower[i] if i < len(lower) and not _is_empty((lower[i],)) else (upper[i] if i < len(upper) else None))
        for i in range(width)
    ]


def _find_header(numbered, kind, total, merges=()):
    """The header row among the first HEADER_SEARCH_ROWS rows.

    A row is read together with the row below it (sub-titles under a merged title) when the row has a title
    merged across columns and the two make the header, or — where the format keeps no merges (CSV, .xlsb) —
    when the row is a header and the two make a header of more columns (the row below names columns, a
    data row never does)."""
    merged_rows = {r0 + 1 for (r0, c0), (r1, c1) in merges if c1 > c0}
    numbered = iter(numbered)
    pending: list = []  # a row read ahead (the one below a title) and not used
    while True:
        item = pending.pop() if pending else next(numbered, None)
        if item is None or item[0] > HEADER_SEARCH_ROWS:
            break
        number, cells = item
        header = match_header(kind, cells)
        if header is not None or number in merged_rows:
            below = next(numbered, None)
            if below is not None:
                two_level = match_header(kind, _two_level(cells, below[1]))
                if two_level is not None and (header is None or number in merged_rows or len(two_level) > len(header)):
                    number, header, below = below[0], two_level, None
                else:
                    pending.append(below)
        if header is not None:
            estimate = max(total - number, 0) if total else None
            return Table(header, number, _data_rows(chain(pending, numbered)), estimate)
    raise _no_header(kind)


def _data_rows(numbered):
    for number, cells in numbered:
        for cell in cells:  # `not _is_empty(cells)`, without a call per row: a data row answers at its first cell
            if cell is not None and (not isinstance(cell, str) or cell.strip()):
                yield number, cells
                break
