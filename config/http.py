"""The one way a view hands out a file: every download and export of the portal answers through here.

* `Content-Disposition: attachment` with a plain ASCII `filename` (Cyrillic transliterated, anything
  outside letters, digits, dot, dash and underscore replaced) and the exact name as RFC 5987 `filename*`,
  so no name can inject a header or a path and every browser gets a sensible name;
* `X-Content-Type-Options: nosniff`, so a browser never runs a file as something else;
* `Cache-Control: no-store, private` for staff files (no proxy or shared computer keeps a copy);
  the public page's files say `public, max-age=0, must-revalidate` instead.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

PRIVATE_CACHE = "no-store, private"
PUBLIC_CACHE = "public, max-age=0, must-revalidate"
FILENAME_MAX = 150

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(name, default="download"):
    """A file name made of ASCII letters, digits, `.`, `-` and `_` only (Russian transliterated)."""
    out = []
    for char in str(name):
        lower = char.lower()
        if lower in _TRANSLIT:
            latin = _TRANSLIT[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char)
    text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode("ascii")
    text = _UNSAFE.sub("_", text).strip("._")
    stem, dot, extension = text.rpartition(".")
    if len(text) > FILENAME_MAX:
        text = (stem[: FILENAME_MAX - len(extension) - 1] + dot + extension) if dot else text[:FILENAME_MAX]
    return text or default


def content_disposition(filename, *, attachment=True):
    """`attachment; filename="ascii"; filename*=UTF-8''exact` (control characters and slashes dropped);
    `filename*` only when the exact name is not already the ASCII one."""
    disposition = "attachment" if attachment else "inline"
    if not filename:
        return disposition
    exact = "".join(c for c in str(filename) if unicodedata.category(c)[0] != "C" and c not in "/\\")[:FILENAME_MAX]
    plain = ascii_filename(exact)
    header = f'{disposition}; filename="{plain}"'
    if exact and exact != plain:
        # The exact name, for the browsers that read RFC 5987 (all current ones); the ASCII one for the rest.
        header += f"; filename*=UTF-8''{quote(exact, safe='')}"
    return header


def _headers(response, filename, *, attachment, private):
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    return response


def attachment_response(content, *, filename, content_type, private=True):
    """Bytes (or text) made in memory — an export, a PDF, a JSON file — as a download."""
    return _headers(HttpResponse(content, content_type=content_type), filename, attachment=True, private=private)


def stored_file_response(field_file, *, content_type, filename=None, attachment=True, private=True):
    """A stored file (FieldFile) streamed; 404 when the record has no file or the file is gone."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    return _headers(response, filename, attachment=attachment, private=private)
