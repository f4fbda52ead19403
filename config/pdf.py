"""HTML → PDF with WeasyPrint and the DejaVu fonts shipped from npm, so every machine prints the same."""

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = settings.BASE_DIR / "node_modules" / "dejavu-fonts-ttf" / "ttf"


def font_face_css():
    faces = [
        ("DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"),
        ("DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"),
        ("DejaVu Sans", "normal", "italic", "DejaVuSans-Oblique.ttf"),
        ("DejaVu Serif", "normal", "normal", "DejaVuSerif.ttf"),
        ("DejaVu Serif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ]
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for family, weight, style, name in faces
    )


def render_pdf(template_name, context):
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "font_face_css": font_face_css()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
