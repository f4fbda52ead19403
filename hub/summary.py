"""The regional (municipal) analytic summary of a monitoring date as a PDF, rendered on request through
the portal's one PDF renderer (config/pdf.py) with the print styles of the school's summary
(reports/print/base.html). The figures are the dashboard's (hub/dashboards.py).

Measured: 500 schools of 20 municipalities in about 3 s on the 2-core test machine (docs/hub-rollups.md)."""

import datetime

from config.pdf import render_pdf

from . import dashboards, selectors
from .models import Organisation

TEMPLATE = "hub/print/summary.html"


def summary_context(*, monitoring_date: datetime.date, organisation: Organisation | None) -> dict:
    # The distribution as a table only: the four histograms would add a third to the rendering time.
    labels, charts = dashboards.distributions(monitoring_date=monitoring_date, organisation=organisation, charts=False)
    table = dashboards.checklist(
        selectors.reports_with_documents(monitoring_date=monitoring_date, organisation=organisation)
    )
    return {
        "organisation": organisation,
        "date": monitoring_date,
        "overview": dashboards.overview(monitoring_date=monitoring_date, organisation=organisation),
        "bin_labels": labels,
        "distributions": charts,
        "coverage": table.coverage,
        "missing": list(selectors.schools_without_report(monitoring_date=monitoring_date, organisation=organisation)),
    }


def summary_pdf(*, monitoring_date: datetime.date, organisation: Organisation | None) -> bytes:
    content, _pages = render_pdf(TEMPLATE, summary_context(monitoring_date=monitoring_date, organisation=organisation))
    return content
