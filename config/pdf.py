"""The one HTML → PDF renderer of the portal (WeasyPrint); every PDF — printable forms, the analytic
summary, the personal data destruction act — is made here.

Hardening, whatever text the records hold:

* the DejaVu fonts shipped by the project (npm `dejavu-fonts-ttf`) are the only files WeasyPrint may
  read: the URL fetcher refuses every other URL — no other `file://` path, no http(s), no data: — so no
  text entered in the portal can make it read a file of the server or call another machine;
* the HTML rendered is limited to settings.PDF_MAX_HTML_CHARS characters (`PdfTooLarge` above it), so
  one request cannot hold a worker laying out an endless document.

A PDF looks the same on every machine whatever fonts the system has.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

FONT_FAMILY = "PortalDejaVu"
SERIF_FAMILY = "PortalDejaVuSerif"
FONT_FILES = {
    (FONT_FAMILY, "normal", "normal"): "DejaVuSans.ttf",
    (FONT_FAMILY, "bold", "normal"): "DejaVuSans-Bold.ttf",
    (FONT_FAMILY, "normal", "italic"): "DejaVuSans-Oblique.ttf",
    (FONT_FAMILY, "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
    (SERIF_FAMILY, "normal", "normal"): "DejaVuSerif.ttf",
    (SERIF_FAMILY, "bold", "normal"): "DejaVuSerif-Bold.ttf",
    (SERIF_FAMILY, "normal", "italic"): "DejaVuSerif-Italic.ttf",
    (SERIF_FAMILY, "bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
}
DEFAULT_MAX_HTML_CHARS = 5_000_000


class PdfTooLarge(ValueError):
    """The document is larger than the renderer accepts; the message (Russian) says so."""


def font_dir():
    return Path(settings.BASE_DIR) / "node_modules" / "dejavu-fonts-ttf" / "ttf"


def font_face_css():
    """@font-face rules for the project's DejaVu Sans and Serif (regular, bold, italic, bold italic)."""
    directory = font_dir()
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise RuntimeError(
            _("The DejaVu fonts are missing from %(dir)s: run «npm ci» in the portal's directory.") % {"dir": directory}
        )
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(directory / name).resolve().as_uri()}") format("truetype"); }}'
        for (family, weight, style), name in FONT_FILES.items()
    )


def url_allowed(url):
    """True only for a `file://` URL of one of the bundled font files."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
        return False
    path = Path(unquote(parts.path))
    if ".." in path.parts:
        return False
    allowed = {(font_dir() / name).resolve() for name in FONT_FILES.values()}
    return path.resolve() in allowed


def _refuse(url):
    raise ValueError(f"URL not allowed in a PDF: {url[:200]}")


def url_fetcher():
    """A fetcher that only reads the font files (WeasyPrint ≥ 68 takes a URLFetcher, older a function)."""
    import weasyprint.urls

    if hasattr(weasyprint.urls, "URLFetcher"):

        class FontOnlyFetcher(weasyprint.urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not url_allowed(url):
                    _refuse(url)
                return super().fetch(url, headers)

        return FontOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)

    def fetch(url, *args, **kwargs):  # pragma: no cover — WeasyPrint before 68
        if not url_allowed(url):
            _refuse(url)
        return weasyprint.urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def max_html_chars():
    return getattr(settings, "PDF_MAX_HTML_CHARS", DEFAULT_MAX_HTML_CHARS)


def render_html(html):
    """A WeasyPrint document (laid out, pages known) from HTML; the only place WeasyPrint is called."""
    from weasyprint import HTML

    limit = max_html_chars()
    if len(html) > limit:
        raise PdfTooLarge(
            _("The document is too large to be printed (more than %(limit)s characters); narrow the selection.")
            % {"limit": f"{limit:,}".replace(",", " ")}
        )
    return HTML(string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=url_fetcher()).render()


def render_document(template_name, context):
    """A WeasyPrint document from a print template; the template gets `font_css`, `font_family`, `serif_family`."""
    html = render_to_string(
        template_name,
        {**context, "font_css": font_face_css(), "font_family": FONT_FAMILY, "serif_family": SERIF_FAMILY},
    )
    return render_html(html)


def render_pdf(template_name, context):
    """(PDF bytes, page count)."""
    document = render_document(template_name, context)
    return document.write_pdf(), len(document.pages)


def write_pdf_atomically(template_name, context, target):
    """Lay out the document, write it to a temporary file next to `target`, then move it into place,
    so a reader (or a worker killed half-way) never sees a half-written file. Returns the page count."""
    document = render_document(template_name, context)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            document.write_pdf(target=stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(document.pages)
