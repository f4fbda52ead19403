"""Roster files built in the tests: workbooks, CSV and the unsafe files an import must refuse."""

import datetime
import io
import zipfile

import openpyxl

STUDENT_HEADER = ["ID", "ФИО", "Дата рождения", "Класс"]


def xlsx(rows, path, title=None, sheets=None):
    """Write `rows` (lists of cells) to an .xlsx at `path`; `sheets` = {name: rows} adds more sheets."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra in (sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(row)
    workbook.save(path)
    return path


def csv_file(rows, path, delimiter=";", encoding="utf-8"):
    text = "\r\n".join(delimiter.join("" if c is None else str(c) for c in row) for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


def students(count, start=1):
    """`count` valid student rows (ID, ФИО, Дата рождения as text, Класс)."""
    return [
        [f"S{n:05d}", f"Ученикова{n} Мария Ивановна", f"{1 + n % 28:02d}.0{1 + n % 9}.201{n % 5}", f"{5 + n % 6}Б"]
        for n in range(start, start + count)
    ]


def xlsx_bytes(rows):
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(source_bytes, path, replace=None, add=None, compression=zipfile.ZIP_DEFLATED):
    """Copy the zip `source_bytes` to `path`, replacing or adding parts."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(io.BytesIO(source_bytes)) as src, zipfile.ZipFile(path, "w", compression) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return path


def truncated_xlsx(path):
    data = xlsx_bytes([STUDENT_HEADER, *students(3)])
    path.write_bytes(data[: len(data) // 2])
    return path


def pdf_as_xlsx(path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def zip_bomb_xlsx(path, megabytes=200):
    """A workbook with one part that unpacks to `megabytes` MB of zeros (a few hundred KB packed)."""
    data = xlsx_bytes([STUDENT_HEADER, *students(3)])
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        with dst.open("xl/media/padding.bin", "w") as f:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                f.write(block)
    return path


def _entity_bomb():
    entities = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        previous = "lol" if i == 1 else f"lol{i - 1}"
        entities.append(f'<!ENTITY lol{i} "{("&" + previous + ";") * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [' + "".join(entities) + "]>\n"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()


ENTITY_BOMB = _entity_bomb()


def entity_bomb_xlsx(path):
    """A billion-laughs DOCTYPE at the top of the worksheet part, its entity used in a cell."""
    data = xlsx_bytes([["ФИО", "Дата рождения", "Класс"], ["Иванов Иван", "01.01.2010", "7Б"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    doctype = ENTITY_BOMB.decode().split("\n")[1]
    sheet = '<?xml version="1.0"?>\n' + doctype + "\n" + sheet.replace("<t>Иванов Иван</t>", "<t>&lol9;</t>")
    return rezip(data, path, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def write_bytes(path, data):
    path.write_bytes(data)
    return path


def macro_xlsm(path):
    data = xlsx_bytes([STUDENT_HEADER, *students(2)])
    return rezip(data, path, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba project"})


def encrypted_xlsx(path):
    """What Excel writes for a password-protected workbook: an OLE2 compound file with EncryptionInfo.

    msoffcrypto-tool is not installed, so this is the OLE2 header and directory names, not a real cipher.
    """
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 50 + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(header + directory + b"\0" * 1024)
    return path


def old_xls(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    return path


def date(text):
    day, month, year = (int(p) for p in text.split("."))
    return datetime.date(year, month, day)


# Transitional namespaces and their Strict Open XML twins (ECMA-376 Part 1, «Strict conformance»).
STRICT_NAMESPACES = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
]


def strict_xlsx(rows, path):
    """A workbook of `rows` saved as «Strict Open XML»: every part uses the purl.oclc.org/ooxml namespaces."""
    source = xlsx_bytes(rows)
    with zipfile.ZipFile(io.BytesIO(source)) as src:
        parts = {item.filename: src.read(item.filename) for item in src.infolist()}
    for name, data in parts.items():
        for transitional, strict in STRICT_NAMESPACES:
            data = data.replace(transitional, strict)
        parts[name] = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    return rezip(source, path, replace=parts)
