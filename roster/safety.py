"""Checks made on an uploaded file before any parser touches it.

The file's kind is judged by its bytes with the portal's one sniffer (config/files.py); on top of it
a file is refused, with a message the admin can act on, when its extension is not one of
ALLOWED_EXTENSIONS, it is empty or too big, it is encrypted (a password), it carries real macros, its
bytes are not the format its name says, or its zip declares more entries, more uncompressed bytes or a
higher compression ratio than the limits in settings (a zip bomb). XML parts that declare a DOCTYPE or
entities are refused too.

Macros are found by their parts, never by a byte string: `vbaProject.bin` or Excel 4.0 macro sheets in an
Office Open XML package, a `_VBA_PROJECT_CUR` storage in an OLE2 (.xls) file, Basic or script parts in an
OpenDocument file. A content type that merely mentions «macroEnabled» (SheetJS declares one for `.bin`
parts; every .xlsb's main part has one) is not a macro.
"""

import struct
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from config.files import ODS, OLE2_MAGIC, XLSB, XLSX, ZIP_MAGIC, identify

OOXML_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb")
WORKBOOK_EXTENSIONS = (*OOXML_EXTENSIONS, ".xls", ".ods")
ALLOWED_EXTENSIONS = (*WORKBOOK_EXTENSIONS, ".csv")
MB = 1024 * 1024
# Below this size an entry's compression ratio is not a threat whatever it is.
RATIO_MIN_SIZE = MB
# Parts of an OLE2 compound file: an encrypted OOXML workbook, a VBA project inside an .xls.
OLE2_ENCRYPTED_STREAMS = {"EncryptionInfo", "EncryptedPackage"}
OLE2_VBA_STORAGE = "_VBA_PROJECT_CUR"


class RosterFileError(Exception):
    """The file as a whole cannot be imported; the message (Russian) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def extension_of(file_name) -> str:
    return Path(str(file_name)).suffix.lower()


def check_extension(file_name):
    ext = extension_of(file_name)
    if ext not in ALLOWED_EXTENSIONS:
        raise RosterFileError(_("Only .xlsx, .xls, .ods and .csv files (and .xlsm, .xlsb) can be imported."))
    return ext


def check_size(size):
    if size == 0:
        raise RosterFileError(_("The file is empty."))
    limit = settings.ROSTER_MAX_UPLOAD_MB
    if size > limit * MB:
        raise RosterFileError(_("The file is larger than %(limit)d MB.") % {"limit": limit})


def _password_error():
    return RosterFileError(
        _("The file is protected with a password. Remove the password in Excel and upload the file again.")
    )


def _macros_error():
    return RosterFileError(_("The workbook contains macros: save it as «Книга Excel (.xlsx)» without macros."))


def _not_a_workbook():
    return RosterFileError(
        _("The file is not an Excel workbook (.xlsx) or it is damaged. Open it in Excel and save it again.")
    )


def check_file(path, file_name=None) -> str:
    """Check the file at `path` (named `file_name` by its owner); returns its extension."""
    path = Path(path)
    ext = check_extension(file_name or path.name)
    check_size(path.stat().st_size)
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(OLE2_MAGIC):
        _check_ole2(path, ext)
    elif ext == ".csv":
        _check_csv(path, head)
    elif ext == ".xls":
        raise _not_a_workbook()
    else:
        _check_zip(path, head, ext)
    return ext


_END = 0xFFFFFFFA  # sector numbers from here on mark the end of a chain or a free sector


def _chain(table, first):
    """The sectors of a chain, in order (a loop ends it)."""
    sectors, seen, sector = [], set(), first
    while sector < _END and sector not in seen:
        seen.add(sector)
        sectors.append(sector)
        sector = table[sector]
    return sectors


def ole2_directory(data: bytes):
    """The directory of an OLE2 compound file: {name: (start sector, size)} of its storages and streams, and a
    function reading a stream by name (bytes or None); None if the file's structure cannot be followed."""
    try:
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):  # 512- or 4096-byte sectors: nothing else is a compound file
            return None
        size = 1 << shift
        first_dir, mini_cutoff, first_minifat = struct.unpack_from("<I4xII", data, 48)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _END]
        difat = struct.unpack_from("<I", data, 68)[0]
        followed = set()
        while difat < _END and difat not in followed:  # the DIFAT chain of big files
            followed.add(difat)
            listed = struct.unpack_from(f"<{size // 4}I", data, (difat + 1) * size)
            fat_sectors += [s for s in listed[:-1] if s < _END]
            difat = listed[-1]
        fat: list[int] = []
        for sector in fat_sectors:
            fat += struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)

        def read(table, first, length, sector_size, source):
            stream = b"".join(
                source[(s + 1) * sector_size if source is data else s * sector_size :][:sector_size]
                for s in _chain(table, first)
            )
            return stream[:length]

        entries: dict[str, tuple[int, int]] = {}
        for sector in _chain(fat, first_dir):
            offset = (sector + 1) * size
            for entry in range(offset, offset + size, 128):
                length = struct.unpack_from("<H", data, entry + 64)[0]
                if 2 <= length <= 64:
                    name = data[entry : entry + length - 2].decode("utf-16-le", "replace")
                    start, stream_size = struct.unpack_from("<II", data, entry + 116)
                    entries.setdefault(name, (start, stream_size))
    except (struct.error, IndexError):
        return None

    def stream(name):
        try:
            start, length = entries[name]
            if length >= mini_cutoff:
                return read(fat, start, length, size, data)
            root_start, root_size = next(iter(entries.values()))  # the root entry holds the mini stream
            mini = read(fat, root_start, root_size, size, data)
            minifat: list[int] = []
            for sector in _chain(fat, first_minifat):
                minifat += struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
            return read(minifat, start, length, 64, mini)
        except (KeyError, struct.error, IndexError, StopIteration):
            return None

    return entries, stream


def ole2_names(data: bytes):
    """The names of the storages and streams in an OLE2 compound file (its directory), or None if unreadable."""
    directory = ole2_directory(data)
    return None if directory is None else set(directory[0])


def _check_ole2(path, ext):
    data = path.read_bytes()
    names = ole2_names(data)
    if names is None:  # a directory we cannot follow: fall back on the streams' names anywhere in the file
        names = {n for n in (*OLE2_ENCRYPTED_STREAMS, OLE2_VBA_STORAGE) if n.encode("utf-16-le") in data}
    if names & OLE2_ENCRYPTED_STREAMS:
        raise _password_error()
    if ext == ".csv":
        raise RosterFileError(_("The file is not a CSV text file."))
    if ext != ".xls":
        raise RosterFileError(
            _("This is an old-format Excel workbook (.xls) under another name: rename it to .xls and upload it again.")
        )
    if OLE2_VBA_STORAGE in names:
        raise _macros_error()


def _check_csv(path, head):
    if head.startswith(ZIP_MAGIC):
        raise RosterFileError(_("The file is an Excel workbook, not CSV: rename it to .xlsx."))


def _check_zip(path, head, ext):
    if not head.startswith(ZIP_MAGIC):
        raise _not_a_workbook()
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_archive(entries)
            names = {e.filename for e in entries}
            if ext == ".ods":
                _check_ods(archive, names)
            else:
                if _ooxml_has_macros(names):
                    raise _macros_error()
                if not names & {"xl/workbook.xml", "xl/workbook.bin"}:
                    raise _not_a_workbook()
            _check_no_entities(archive, entries)
        with path.open("rb") as f:
            # The portal's one sniffer (config/files.py) must agree on the kind.
            kind = identify(f, path.name)
        expected = {".ods": (ODS,), ".xlsb": (XLSB,)}.get(ext, (XLSX,))
        if kind not in expected:
            raise _not_a_workbook()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError):
        raise _not_a_workbook() from None


def _ooxml_has_macros(names):
    """A VBA project or an Excel 4.0 macro sheet among the package's parts."""
    lowered = {n.lower() for n in names}
    return any(n.rsplit("/", 1)[-1] == "vbaproject.bin" or n.startswith("xl/macrosheets/") for n in lowered)


def _check_ods(archive, names):
    if "META-INF/manifest.xml" in names:
        with archive.open("META-INF/manifest.xml") as f:
            if b"encryption-data" in f.read(MB):
                raise _password_error()
    if any(n.startswith(("Basic/", "Scripts/")) and not n.endswith("/") for n in names):
        raise _macros_error()
    if "content.xml" not in names:
        raise _not_a_workbook()


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
