"""Checks made on an uploaded file before any parser touches it.

The file's kind is judged by its bytes with the portal's one sniffer (config/files.py); on top of it
a file is refused, with a message the admin can act on, when it is not `.xlsx` or `.csv`, is empty or
too big, is an old or encrypted Office file (OLE2 container), carries macros, is not a zip at all or a
damaged one, or declares more entries, more uncompressed bytes or a higher compression ratio than the
limits in settings (a zip bomb). XML parts that declare a DOCTYPE or entities are refused too (defusedxml
makes openpyxl refuse them as well: this check gives the clear message).
"""

import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from config.files import OLE2_MAGIC, XLSX, ZIP_MAGIC, identify

ALLOWED_EXTENSIONS = (".xlsx", ".csv")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb", ".xlam")
MB = 1024 * 1024
# Below this size an entry's compression ratio is not a threat whatever it is.
RATIO_MIN_SIZE = MB


class RosterFileError(Exception):
    """The file as a whole cannot be imported; the message (Russian) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def extension_of(file_name) -> str:
    return Path(str(file_name)).suffix.lower()


def check_extension(file_name):
    ext = extension_of(file_name)
    if ext in MACRO_EXTENSIONS:
        raise RosterFileError(
            _("Files with macros (%(ext)s) are not accepted: save the workbook as «Книга Excel (.xlsx)».")
            % {"ext": ext}
        )
    if ext == ".xls":
        raise RosterFileError(_("The old Excel format (.xls) is not accepted: save the workbook as .xlsx."))
    if ext not in ALLOWED_EXTENSIONS:
        raise RosterFileError(_("Only .xlsx and .csv files can be imported."))
    return ext


def check_size(size):
    if size == 0:
        raise RosterFileError(_("The file is empty."))
    limit = settings.ROSTER_MAX_UPLOAD_MB
    if size > limit * MB:
        raise RosterFileError(_("The file is larger than %(limit)d MB.") % {"limit": limit})


def check_file(path, file_name=None) -> str:
    """Check the file at `path` (named `file_name` by its owner); returns its extension."""
    path = Path(path)
    ext = check_extension(file_name or path.name)
    check_size(path.stat().st_size)
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(OLE2_MAGIC):
        _refuse_ole2(path)
    if ext == ".csv":
        _check_csv(path, head)
    else:
        _check_xlsx(path, head)
    return ext


def _refuse_ole2(path):
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise RosterFileError(
            _("The file is protected with a password. Remove the password in Excel and upload the file again.")
        )
    raise RosterFileError(
        _("This is an old-format Office file (.xls or .doc), not an .xlsx workbook: save it as .xlsx.")
    )


def _check_csv(path, head):
    if head.startswith(ZIP_MAGIC):
        raise RosterFileError(_("The file is an Excel workbook, not CSV: rename it to .xlsx."))
    with path.open("rb") as f:
        if b"\x00" in f.read(64 * 1024):
            raise RosterFileError(_("The file is not a CSV text file."))


def _check_xlsx(path, head):
    not_a_workbook = _(
        "The file is not an Excel workbook (.xlsx) or it is damaged. Open it in Excel and save it again."
    )
    if not head.startswith(ZIP_MAGIC):
        raise RosterFileError(not_a_workbook)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_archive(entries)
            names = {e.filename for e in entries}
            if "xl/vbaProject.bin" in names or _content_types_mention_macros(archive, names):
                raise RosterFileError(
                    _("The workbook contains macros: save it as «Книга Excel (.xlsx)» without macros.")
                )
            if "xl/workbook.xml" not in names:
                raise RosterFileError(not_a_workbook)
            _check_no_entities(archive, entries)
        with path.open("rb") as f:
            # The portal's one sniffer (config/files.py) must agree: an Office Open XML workbook.
            if identify(f, path.name) != XLSX:
                raise RosterFileError(not_a_workbook)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError):
        raise RosterFileError(not_a_workbook) from None


def _check_archive(entries):
    if len(entries) > settings.ROSTER_MAX_ZIP_ENTRIES:
        raise RosterFileError(
            _("The workbook has too many parts (%(count)d); it is refused for safety.") % {"count": len(entries)}
        )
    total = sum(e.file_size for e in entries)
    if total > settings.ROSTER_MAX_UNCOMPRESSED_MB * MB:
        raise RosterFileError(
            _("Unpacked, the workbook would take more than %(limit)d MB; it is refused for safety.")
            % {"limit": settings.ROSTER_MAX_UNCOMPRESSED_MB}
        )
    ratio = settings.ROSTER_MAX_COMPRESSION_RATIO
    for entry in entries:
        if entry.file_size > RATIO_MIN_SIZE and entry.file_size > ratio * max(entry.compress_size, 1):
            raise RosterFileError(_("The workbook is compressed suspiciously strongly; it is refused for safety."))


def _content_types_mention_macros(archive, names):
    if "[Content_Types].xml" not in names:
        return False
    with archive.open("[Content_Types].xml") as f:
        return b"macroEnabled" in f.read(256 * 1024)


def _check_no_entities(archive, entries):
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as f:
            start = f.read(4096)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            raise RosterFileError(
                _("The workbook contains XML entity declarations, which Excel never writes; it is refused for safety.")
            )
