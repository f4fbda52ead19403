"""What an uploaded file really is, judged by its bytes, never by its name or the browser's word.

Documents: PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT). Pictures: PNG and JPEG that
Pillow can read. Everything else is refused: these files are handed to anyone on the internet.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extension: str


PDF = FileKind("PDF", "application/pdf", ".pdf")
DOCX = FileKind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileKind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
ODT = FileKind("ODT", "application/vnd.oasis.opendocument.text", ".odt")
PNG = FileKind("PNG", "image/png", ".png")
JPEG = FileKind("JPEG", "image/jpeg", ".jpg")

DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT)
PICTURE_KINDS = (PNG, JPEG)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in (*DOCUMENT_KINDS, *PICTURE_KINDS)}


def _identify_zip(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def identify(fileobj):
    """The FileKind of an accepted file, or None. Reads from the start and rewinds."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _checked_picture(fileobj, PNG)
        if head.startswith(b"\xff\xd8\xff"):
            return _checked_picture(fileobj, JPEG)
        if head.startswith(b"PK\x03\x04"):
            return _identify_zip(fileobj)
        return None
    finally:
        fileobj.seek(0)


def _checked_picture(fileobj, kind):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(fileobj) as image:
            image.verify()
            if image.format not in ("PNG", "JPEG"):
                return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return kind


def _check(file, kinds, max_mb, message):
    if not file or (isinstance(file, FieldFile) and file._committed):
        # An unchanged, already stored file was checked when it was uploaded.
        return None
    limit = max_mb * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = identify(file)
    if kind not in kinds:
        raise ValidationError(message, code="file_type")
    return kind


def validate_document_file(file):
    return _check(
        file,
        DOCUMENT_KINDS,
        settings.PUBLIC_DOCUMENT_MAX_MB,
        _("Only PDF, DOCX, XLSX and ODT documents can be published."),
    )


def validate_picture_file(file):
    return _check(
        file, PICTURE_KINDS, settings.PUBLIC_PICTURE_MAX_MB, _("Only PNG and JPEG pictures can be published.")
    )
