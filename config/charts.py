"""Plan vs fact charts as SVG strings, drawn on the server: the dashboard, the PDF reports and the monitoring's
growth (entry vs exit on the 1–10 scale) use the same function. No JavaScript;
a title, a description and text labels make it readable without sight."""

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from config.text import number_ru

WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 40, 48
PLAN_COLOUR = "#adb5bd"
FACT_COLOUR = "#0d6efd"
MISSED_COLOUR = "#dc3545"


def _fmt(value):
    return number_ru(value)


def plan_fact_svg(
    *,
    chart_id,
    title,
    points,
    plan_label="План",
    fact_label="Факт",
    unit="%",
    font_family="sans-serif",
    top=100.0,
    step=None,
) -> SafeString:
    """A grouped bar chart: for each (year, plan, fact) a grey plan bar and a blue fact bar.

    `points` is a list of (year, plan, fact); plan and fact are numbers or None ("нет данных").
    A fact below its plan is drawn red. `font_family` is the SVG's font-family (the PDFs name their
    embedded font). `top` is the axis' least top (100 for percentages, 10 for the 1–10 scale), `step` the grid's
    (a fifth of `top` by default). Returns safe SVG markup: every text in it is escaped here.
    """
    points = list(points)
    numbers = [float(v) for _year, *pair in points for v in pair if v is not None]
    top_value = max([float(top), *numbers])
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value):
        return TOP + plot_h - plot_h * float(value) / top_value

    desc = "; ".join(
        f"{year}: {plan_label.lower()} {_fmt(plan)}{unit if plan is not None else ''}, "
        f"{fact_label.lower()} {_fmt(fact)}{unit if fact is not None else ''}"
        for year, plan, fact in points
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family={quoteattr(font_family)} '
        'font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<text x="{LEFT}" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    # Legend
    parts.append(f'<rect x="{WIDTH - 190}" y="6" width="12" height="12" fill="{PLAN_COLOUR}"/>')
    parts.append(f'<text x="{WIDTH - 174}" y="16">{escape(plan_label)}</text>')
    parts.append(f'<rect x="{WIDTH - 110}" y="6" width="12" height="12" fill="{FACT_COLOUR}"/>')
    parts.append(f'<text x="{WIDTH - 94}" y="16">{escape(fact_label)}</text>')
    # Grid and axis labels every fifth of the top (or a quarter of the top when the data go above it).
    step = (step or float(top) / 5) if top_value <= float(top) else top_value / 4
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#dee2e6"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.0f}{escape(unit)}</text>')
        tick += step
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#212529"/>')
    if points:
        group_w = plot_w / len(points)
        bar_w = min(28.0, group_w / 3)
        for index, (year, plan, fact) in enumerate(points):
            centre = LEFT + group_w * (index + 0.5)
            for offset, value, colour, label in (
                (-bar_w, plan, PLAN_COLOUR, plan_label),
                (0.0, fact, FACT_COLOUR, fact_label),
            ):
                x = centre + offset
                if value is None:
                    parts.append(
                        f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h - 4}" text-anchor="middle" '
                        f'fill="#6c757d">—</text>'
                    )
                    continue
                if label == fact_label and plan is not None and Decimal(value) < Decimal(plan):
                    colour = MISSED_COLOUR
                y = y_of(value)
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{TOP + plot_h - y:.1f}" '
                    f"fill={quoteattr(colour)}><title>{escape(f'{year}, {label.lower()}: {_fmt(value)}{unit}')}"
                    "</title></rect>"
                )
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">'
                    f"{escape(_fmt(value))}</text>"
                )
            parts.append(
                f'<text x="{centre:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{escape(str(year))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def histogram_svg(*, chart_id, title, bins, unit_label="", font_family="sans-serif") -> SafeString:
    """A bar chart of counts (a distribution): one bar per (label, count) of `bins`, the count written above it.

    `unit_label` names what is counted (for the description: «школ»). Returns safe SVG markup: every text
    in it is escaped here."""
    bins = list(bins)
    top_value = max([1, *(count for _label, count in bins)])
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    desc = "; ".join(f"{label}: {count} {unit_label}".strip() for label, count in bins)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family={quoteattr(font_family)} '
        'font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<text x="{LEFT}" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#212529"/>',
    ]
    if bins:
        group_w = plot_w / len(bins)
        bar_w = group_w * 0.7
        for index, (label, count) in enumerate(bins):
            x = LEFT + group_w * index + (group_w - bar_w) / 2
            height = plot_h * count / top_value
            y = TOP + plot_h - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" fill="{FACT_COLOUR}">'
                f"<title>{escape(f'{label}: {count}')}</title></rect>"
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{count}</text>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="10">'
                f"{escape(str(label))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
