"""Which files the public page accepts, judged by their bytes by the portal's one sniffer (config/files.py).

Documents: PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT). Pictures: PNG and JPEG that
Pillow can read, within settings.PICTURE_MAX_PIXELS (a decompression bomb is refused with a clear
message). Everything else is refused: these files are handed to anyone on the internet.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from config.files import BY_CONTENT_TYPE, DOCX, JPEG, ODT, PDF, PNG, XLSX, identify

DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT)
PICTURE_KINDS = (PNG, JPEG)

__all__ = [
    "BY_CONTENT_TYPE",
    "DOCUMENT_KINDS",
    "PICTURE_KINDS",
    "identify",
    "validate_document_file",
    "validate_picture_file",
]


def _check(file, kinds, max_mb, message):
    if not file or (isinstance(file, FieldFile) and getattr(file, "_committed", False)):
        # An unchanged, already stored file was checked when it was uploaded.
        return None
    limit = max_mb * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = identify(file, getattr(file, "name", "") or "")
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
