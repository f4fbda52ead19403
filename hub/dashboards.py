"""What the hub's pages, its summary PDF and its Excel export show, built once from the selectors
(hub/selectors.py) so the three say the same figures (docs/hub-rollups.md)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from config.charts import histogram_svg
from exchange.document import KPI_CODES

from .models import Organisation, Report
from .selectors import (
    DISTRIBUTION_BINS,
    Figure,
    RollupRow,
    distribution,
    rollup,
    rollup_children,
)

KPI_NAMES = {
    "students_mentees": gettext_lazy("Mentees aged 10–18"),
    "students_mentors": gettext_lazy("Mentors aged 15–18"),
    "young_teachers_mentees": gettext_lazy("Young teachers — mentees"),
    "organizations_mentors": gettext_lazy("Enterprises that provided mentors"),
}


def kpi_name(code: str) -> str:
    return str(KPI_NAMES.get(code, code))


@dataclass
class OverviewRow:
    """One child organisation of the roll-up (or the total, `organisation` None)."""

    organisation: Organisation | None
    schools: int
    report_id: int | None
    reports: int
    figures: list[Figure]

    @property
    def missing(self) -> int:
        return max(self.schools - self.reports, 0)


@dataclass
class Overview:
    organisation: Organisation | None
    monitoring_date: datetime.date
    rows: list[OverviewRow]
    total: OverviewRow
    kpi: list[tuple[str, str]] = field(default_factory=lambda: [(code, kpi_name(code)) for code in KPI_CODES])

    @property
    def tables(self) -> list[dict[str, Any]]:
        """For each indicator: its rows (child, figure) and the total's figure (the page's four tables)."""
        return [
            {
                "code": code,
                "name": name,
                "rows": [(row, row.figures[index]) for row in self.rows],
                "total": self.total.figures[index],
            }
            for index, (code, name) in enumerate(self.kpi)
        ]

    @property
    def children_are_schools(self) -> bool:
        return self.organisation is not None and self.organisation.kind != Organisation.Kind.REGION


def _figures(row: RollupRow | None) -> list[Figure]:
    row = row or RollupRow(None)
    return [row.figures[code] for code in KPI_CODES]


def overview(*, monitoring_date: datetime.date, organisation: Organisation | None) -> Overview:
    """The KPI plan/fact table of `organisation` on the date by its children, with the total. Two queries:
    the roll-up and the children."""
    figures = rollup(monitoring_date=monitoring_date, organisation=organisation)
    children = rollup_children(monitoring_date=monitoring_date, organisation=organisation)
    rows = [
        OverviewRow(
            child,
            child.schools,  # type: ignore[attr-defined]
            child.report_id,  # type: ignore[attr-defined]
            figures[child.pk].reports if child.pk in figures else 0,
            _figures(figures.get(child.pk)),
        )
        for child in children
    ]
    total = OverviewRow(None, sum(row.schools for row in rows), None, figures[None].reports, _figures(figures[None]))
    return Overview(organisation, monitoring_date, rows, total)


def bin_labels() -> list[str]:
    labels = [f"{start}–{start + 10}" for start in range(0, DISTRIBUTION_BINS * 10, 10)]
    return [*labels, _("no data")]


@dataclass
class Distribution:
    code: str
    name: str
    counts: list[int]
    chart: SafeString


def distributions(
    *, monitoring_date: datetime.date, organisation: Organisation | None, charts: bool = True
) -> tuple[list[str], list[Distribution]]:
    """The bins' labels and, for each indicator, the schools' counts by bin and (`charts`) the histogram.
    One query."""
    labels = bin_labels()
    counts = distribution(monitoring_date=monitoring_date, organisation=organisation)
    return labels, [
        Distribution(
            code,
            kpi_name(code),
            counts[code],
            histogram_svg(
                chart_id=f"distribution-{code}",
                title=_("%(indicator)s: schools by value, %%") % {"indicator": kpi_name(code)},
                bins=list(zip(labels, counts[code], strict=True)),
                unit_label=_("schools"),
            )
            if charts
            else SafeString(""),
        )
        for code in KPI_CODES
    ]


@dataclass
class ChecklistCell:
    present: bool
    count: int
    links: list[dict[str, Any]]


@dataclass
class ChecklistRow:
    report: Report
    cells: list[ChecklistCell | None]  # None: the school's report has no such line


@dataclass
class Checklist:
    lines: list[tuple[str, str]]  # (code, title) in the order the reports give them
    rows: list[ChecklistRow]

    @property
    def coverage(self) -> list[tuple[str, int, int]]:
        """(title, schools that have the document, schools that reported) for each line."""
        return [
            (title, sum(1 for row in self.rows if row.cells[index] and row.cells[index].present), len(self.rows))
            for index, (_code, title) in enumerate(self.lines)
        ]


def public_links(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The links of a checklist line that are plain web addresses (the schema admits only those; this keeps
    a stored document from ever putting another scheme into a page)."""
    return [link for link in links if str(link.get("url", "")).startswith(("https://", "http://"))]


def checklist(reports) -> Checklist:
    """Schools × checklist lines from the reports' documents (Report.document["checklist"])."""
    reports = list(reports)
    lines: dict[str, str] = {}
    for report in reports:
        for line in report.document.get("checklist", []):
            lines.setdefault(line["code"], line["title"])
    rows = []
    for report in reports:
        by_code = {line["code"]: line for line in report.document.get("checklist", [])}
        cells: list[ChecklistCell | None] = []
        for code in lines:
            line = by_code.get(code)
            cells.append(
                None
                if line is None
                else ChecklistCell(bool(line["present"]), line["count"], public_links(line.get("links", [])))
            )
        rows.append(ChecklistRow(report, cells))
    return Checklist(list(lines.items()), rows)


# The drill-down's labels of the document's codes (exchange/document.py).
PAIR_STATUSES = {
    "draft": pgettext_lazy("pair status", "draft"),
    "active": pgettext_lazy("pair status", "active"),
    "completed": pgettext_lazy("pair status", "completed"),
    "terminated": pgettext_lazy("pair status", "terminated"),
    "cancelled": pgettext_lazy("pair status", "cancelled"),
}
ROADMAP_STATUSES = {
    "planned": gettext_lazy("planned"),
    "in_progress": gettext_lazy("in progress"),
    "done": gettext_lazy("done"),
    "overdue": gettext_lazy("overdue"),
}


def report_view(report: Report) -> dict[str, Any]:
    """The document of a report, prepared for the drill-down page."""
    document = report.document
    kpi = [{**row, "name": kpi_name(row["code"])} for row in document.get("kpi", [])]
    pairs = [
        {**row, "status_label": PAIR_STATUSES.get(row["status"], row["status"])} for row in document["pairs_by_status"]
    ]
    checklist_lines = [{**line, "links": public_links(line.get("links", []))} for line in document["checklist"]]
    roadmap = document["roadmap"]
    roadmap_rows = [(ROADMAP_STATUSES[status], roadmap["by_status"].get(status, 0)) for status in ROADMAP_STATUSES]
    return {
        "doc": document,
        "kpi": kpi,
        "pairs": pairs,
        "roadmap_rows": roadmap_rows,
        "checklist": checklist_lines,
        "period_start": datetime.date.fromisoformat(document["period"]["start"]),
        "period_end": datetime.date.fromisoformat(document["period"]["end"]),
    }
