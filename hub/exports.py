"""The Excel export of a roll-up (config/xlsx.py, the portal's one xlsx writer): the roll-up by child
organisation with the total, every school's indicator rows, and the checklist (schools × lines)."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.xlsx import DATE_FORMAT, SafeWorkbook

from . import dashboards, selectors
from .models import Organisation


def _achieved(value: bool | None) -> str:
    if value is None:
        return "—"
    return _("yes") if value else _("no")


def _number(value):
    return None if value is None else float(value)


def rollup_workbook(*, monitoring_date: datetime.date, organisation: Organisation | None) -> bytes:
    book = SafeWorkbook(write_only=True)
    overview = dashboards.overview(monitoring_date=monitoring_date, organisation=organisation)

    sheet = book.sheet(_("Roll-up"))
    sheet.append(
        [_("Monitoring date"), monitoring_date, str(organisation) if organisation else _("All organisations")],
        bold=True,
        date_format=DATE_FORMAT,
    )
    header = [_("Organisation"), _("Schools"), _("Reports"), _("Not submitted")]
    for _code, name in overview.kpi:
        header += [
            f"{name}: {_('numerator')}",
            f"{name}: {_('denominator')}",
            f"{name}: {_('value, %')}",
            f"{name}: {_('plan, %')}",
            f"{name}: {pgettext('hub', 'achieved')}",
        ]
    sheet.append(header, bold=True)
    for row, bold in [*((row, False) for row in overview.rows), (overview.total, True)]:
        values = [str(row.organisation) if row.organisation else _("Total"), row.schools, row.reports, row.missing]
        for figure in row.figures:
            values += [
                figure.numerator,
                figure.denominator,
                _number(figure.value),
                _number(figure.target),
                _achieved(figure.achieved),
            ]
        sheet.append(values, bold=bold)

    sheet = book.sheet(_("Schools' indicators"))
    sheet.append(
        [
            _("Municipality"),
            pgettext("hub", "School"),
            _("School code"),
            _("Indicator"),
            _("numerator"),
            _("denominator"),
            _("value, %"),
            _("plan, %"),
        ],
        bold=True,
    )
    for indicator in selectors.school_indicators(monitoring_date=monitoring_date, organisation=organisation):
        sheet.append(
            [
                str(indicator.municipality) if indicator.municipality else "",
                str(indicator.school),
                indicator.school.code,
                dashboards.kpi_name(indicator.code),
                indicator.numerator,
                indicator.denominator,
                _number(indicator.value),
                _number(indicator.target),
            ]
        )

    table = dashboards.checklist(
        selectors.reports_with_documents(monitoring_date=monitoring_date, organisation=organisation)
    )
    sheet = book.sheet(_("Checklist"))
    sheet.append([_("Municipality"), pgettext("hub", "School"), *(title for _code, title in table.lines)], bold=True)
    for row in table.rows:
        school = row.report.organisation
        sheet.append(
            [
                str(school.parent) if school.parent else "",
                str(school),
                *(
                    "—" if cell is None else (f"{_('yes')} ({cell.count})" if cell.present else _("no"))
                    for cell in row.cells
                ),
            ]
        )
    return book.to_bytes()
