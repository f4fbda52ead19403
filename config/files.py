"""What an uploaded file really is, judged by its bytes — never by its name or the browser's word.

The one sniffer of the portal: roadmap evidence, the public page's documents and pictures and the
roster upload all ask `identify`, and each accepts only its own short list of kinds.

Pictures are opened with Pillow (header and structure verified) and their size in pixels is read
from the header before anything is decoded: a picture larger than settings.PICTURE_MAX_PIXELS (a
decompression bomb, e.g. a tiny 20,000 × 20,000 PNG) is refused with `PictureTooLarge`, a
ValidationError with a Russian message, never decoded and never a 500.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    code: str  # short name: "DOCX", "PNG"
    family: str  # what a user calls it: "Word", "Excel"
    content_type: str
    extension: str

    @property
    def label(self):
        return self.code


PDF = FileKind("PDF", "PDF", "application/pdf", ".pdf")
DOCX = FileKind("DOCX", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileKind("XLSX", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
XLSB = FileKind("XLSB", "Excel", "application/vnd.ms-excel.sheet.binary.macroEnabled.12", ".xlsb")
# XLSB is known to the roster only (not in ALL_KINDS: the roadmap and the public page do not accept it).
PPTX = FileKind(
    "PPTX", "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"
)
ODT = FileKind("ODT", "OpenDocument", "application/vnd.oasis.opendocument.text", ".odt")
ODS = FileKind("ODS", "OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", ".ods")
DOC = FileKind("DOC", "Word 97–2003", "application/msword", ".doc")
XLS = FileKind("XLS", "Excel 97–2003", "application/vnd.ms-excel", ".xls")
PPT = FileKind("PPT", "PowerPoint 97–2003", "application/vnd.ms-powerpoint", ".ppt")
PNG = FileKind("PNG", "PNG", "image/png", ".png")
JPEG = FileKind("JPEG", "JPEG", "image/jpeg", ".jpg")
GIF = FileKind("GIF", "GIF", "image/gif", ".gif")

ALL_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, PPT, PNG, JPEG, GIF)
PICTURE_KINDS = (PNG, JPEG, GIF)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in ALL_KINDS}

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
GIF_MAGICS = (b"GIF87a", b"GIF89a")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_PICTURE_MAX_PIXELS = 40_000_000

_OOXML_PARTS = [
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("xl/workbook.bin", XLSB),  # Excel's binary workbook: its main part's content type says «macroEnabled»
    ("ppt/presentation.xml", PPTX),
]
_ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# An OLE2 container does not say cheaply what it holds; the name picks among the three formats only.
_OLE2_BY_EXTENSION = {".doc": DOC, ".xls": XLS, ".ppt": PPT}
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", GIF: "GIF"}


class PictureTooLarge(ValidationError):
    """A picture with more pixels than the portal decodes (a decompression bomb)."""


def picture_max_pixels():
    return getattr(settings, "PICTURE_MAX_PIXELS", DEFAULT_PICTURE_MAX_PIXELS)


def read_head(fileobj, size=16):
    """The first bytes of the file; the file is rewound."""
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def identify(fileobj, name=""):
    """The FileKind of a file of a known kind, or None. Reads from the start and rewinds.

    Raises PictureTooLarge for a picture with too many pixels."""
    head = read_head(fileobj)
    try:
        if head.startswith(PDF_MAGIC):
            return PDF
        if head.startswith(PNG_MAGIC):
            return _checked_picture(fileobj, PNG)
        if head.startswith(JPEG_MAGIC):
            return _checked_picture(fileobj, JPEG)
        if head[:6] in GIF_MAGICS:
            return _checked_picture(fileobj, GIF)
        if head.startswith(OLE2_MAGIC):
            extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            return _OLE2_BY_EXTENSION.get(extension, DOC)
        if head.startswith(ZIP_MAGIC):
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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def _too_large(width=None, height=None):
    limit = f"{picture_max_pixels() / 1_000_000:g}"
    if width is None:
        message = _(
            "The picture is too large: at most %(limit)s million pixels are accepted. "
            "Reduce the picture and upload it again."
        ) % {"limit": limit}
    else:
        message = _(
            "The picture is too large: %(width)s × %(height)s pixels; at most %(limit)s million pixels are "
            "accepted. Reduce the picture and upload it again."
        ) % {"width": width, "height": height, "limit": limit}
    return PictureTooLarge(message, code="picture_too_large")


def _checked_picture(fileobj, kind):
    """The kind if Pillow reads the picture's header and structure and its size is within the limit."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                # Only the header has been read: the size is known before any pixel is decoded.
                width, height = image.size
                if width * height > picture_max_pixels():
                    raise _too_large(width, height)
                if image.format != _PILLOW_FORMATS[kind]:
                    return None
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(*_header_size(fileobj)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    return kind


def _header_size(fileobj):
    """Width and height as a PNG header states them (for the message when Pillow refused to open)."""
    head = read_head(fileobj, 24)
    if head.startswith(PNG_MAGIC) and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return None, None
