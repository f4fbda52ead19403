"""HTML to PDF with WeasyPrint, with the DejaVu fonts shipped by the project (npm `dejavu-fonts-ttf`).

The print CSS points at the font files by `file://` URLs built from BASE_DIR, so a PDF looks the same
on every machine whatever fonts the system has. WeasyPrint may fetch nothing else: the URL fetcher
refuses every URL outside the font directory, so no text entered in the portal can make it read a file.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

FONT_FAMILY = "PortalDejaVu"
FONT_FILES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


def font_dir():
    return Path(settings.BASE_DIR) / "node_modules" / "dejavu-fonts-ttf" / "ttf"


def font_face_css():
    """@font-face rules for the project's DejaVu Sans (regular, bold, italic, bold italic)."""
    directory = font_dir()
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise RuntimeError(
            _("The DejaVu fonts are missing from %(dir)s: run «npm ci» in the portal's directory.") % {"dir": directory}
        )
    rules = []
    for (weight, style), name in FONT_FILES.items():
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(directory / name).resolve().as_uri()}") format("truetype"); }}'
        )
    return "\n".join(rules)


def _allowed(url):
    return url.startswith(font_dir().resolve().as_uri() + "/") and ".." not in url


def _url_fetcher():
    """A fetcher that only reads the font files (WeasyPrint ≥ 68 takes a URLFetcher, older a function)."""
    import weasyprint.urls

    if hasattr(weasyprint.urls, "URLFetcher"):

        class FontOnlyFetcher(weasyprint.urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not _allowed(url):
                    raise ValueError(f"URL not allowed in a report: {url}")
                return super().fetch(url, headers)

        return FontOnlyFetcher(allowed_protocols={"file"})

    def fetch(url, *args, **kwargs):  # pragma: no cover — WeasyPrint before 68
        if not _allowed(url):
            raise ValueError(f"URL not allowed in a report: {url}")
        return weasyprint.urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_document(template_name, context):
    """A WeasyPrint document (laid out, pages known) from a print template."""
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "font_css": font_face_css(), "font_family": FONT_FAMILY})
    return HTML(string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=_url_fetcher()).render()


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
