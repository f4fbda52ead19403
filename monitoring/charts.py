"""The growth chart (stage 2): entry vs exit means per question, drawn by the shared SVG bar chart
(config/charts.py) on the 1–10 scale; an exit below its entry is drawn red. The growth page and the summary's
PDF use it."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from config.charts import plan_fact_svg

from .selectors import GrowthReport


def growth_chart(
    report: GrowthReport, *, chart_id: str = "growth-chart", font_family: str = "sans-serif"
) -> SafeString:
    return plan_fact_svg(
        chart_id=chart_id,
        title=_("Mean score on entry and on exit"),
        points=[(row.text[:40], row.entry_mean, row.exit_mean) for row in report.totals],
        plan_label=_("On entry"),
        fact_label=_("On exit"),
        unit="",
        top=10,
        step=2,
        font_family=font_family,
    )
