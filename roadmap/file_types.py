"""What an uploaded evidence file really is, judged by its bytes and never by its name.

Only a short list of office and image formats is accepted; everything else — executables, HTML,
SVG, scripts, archives — is refused, because evidence is downloaded and opened by other staff.
"""

import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extension: str


PDF = FileKind("PDF", "application/pdf", ".pdf")
DOCX = FileKind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
PPTX = FileKind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")
ODT = FileKind("OpenDocument", "application/vnd.oasis.opendocument.text", ".odt")
ODS = FileKind("OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", ".ods")
DOC = FileKind("Word 97–2003", "application/msword", ".doc")
XLS = FileKind("Excel 97–2003", "application/vnd.ms-excel", ".xls")
PPT = FileKind("PowerPoint 97–2003", "application/vnd.ms-powerpoint", ".ppt")
PNG = FileKind("PNG", "image/png", ".png")
JPEG = FileKind("JPEG", "image/jpeg", ".jpg")
GIF = FileKind("GIF", "image/gif", ".gif")

ACCEPTED_LABELS = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PARTS = [("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX)]
_ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# An OLE2 container does not say cheaply what it holds; the name picks among the three formats only.
_OLE2_BY_EXTENSION = {".doc": DOC, ".xls": XLS, ".ppt": PPT}


def identify(fileobj, name=""):
    """The FileKind of an accepted file, or None. Reads from the start and rewinds."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return GIF
        if head.startswith(_OLE2):
            extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            return _OLE2_BY_EXTENSION.get(extension, DOC)
        if head.startswith(b"PK\x03\x04"):
            return _identify_zip(fileobj)
        return None
    finally:
        fileobj.seek(0)


def _identify_zip(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML_PARTS:
                    if part in names:
                        return kind
            if "mimetype" in names:
                return _ODF_TYPES.get(archive.read("mimetype")[:100].decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None
