"""The roadmap with its statuses and evidence counts as an Excel workbook."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, PatternFill

from config.xlsx import SafeWorkbook

from .selectors import roadmap_table
from .statuses import Status

FILLS = {
    Status.PLANNED: "E9ECEF",
    Status.IN_PROGRESS: "CFE2FF",
    Status.DONE: "D1E7DD",
    Status.OVERDUE: "F8D7DA",
}


def roadmap_workbook(*, programme):
    """Two sheets: the roadmap as the seed's table with counts, and one row per occurrence."""
    table = roadmap_table(programme=programme)
    workbook = SafeWorkbook()
    sheet = workbook.sheet(_("Roadmap"))
    sheet.append([programme.title])
    sheet.append([_("Status on %(date)s") % {"date": timezone.localdate().strftime("%d.%m.%Y")}])
    headers = [
        _("No."),
        _("Activity"),
        _("Key result"),
        _("Schedule"),
        _("Responsible"),
        _("Confirming documents"),
        _("Occurrences"),
        _("Done"),
        _("Overdue"),
        _("Evidence"),
        _("Statuses"),
    ]
    header_row = sheet.append(headers, bold=True)

    occurrences = workbook.sheet(_("Occurrences"))
    occurrences.append([_("No."), _("Activity"), _("Starts on"), _("Due on"), _("Status"), _("Evidence")], bold=True)

    for section_row in table.sections:
        section = section_row.section
        sheet.append([section.number, section.title, section.key_result], bold=True)
        for row in section_row.rows:
            activity = row.activity
            statuses = [o.effective_status for o in row.occurrences]
            responsible = ", ".join(
                filter(
                    None,
                    [
                        activity.responsible,
                        *(u.get_full_name() or u.username for u in activity.responsible_users.all()),
                    ],
                )
            )
            sheet.append(
                [
                    activity.number,
                    activity.title,
                    activity.key_result,
                    activity.schedule_text,
                    responsible,
                    activity.documents,
                    len(row.occurrences),
                    statuses.count(Status.DONE),
                    statuses.count(Status.OVERDUE),
                    sum(o.evidence_count for o in row.occurrences),
                    "; ".join(f"{o.due_on:%d.%m.%Y} — {o.effective_status.label}" for o in row.occurrences),
                ]
            )
            for occurrence in row.occurrences:
                status = occurrence.effective_status
                line = occurrences.append(
                    [
                        activity.number,
                        activity.title,
                        occurrence.starts_on,
                        occurrence.due_on,
                        str(status.label),
                        occurrence.evidence_count,
                    ]
                )
                occurrences.worksheet.cell(line, 3).number_format = "DD.MM.YYYY"
                occurrences.worksheet.cell(line, 4).number_format = "DD.MM.YYYY"
                occurrences.worksheet.cell(line, 5).fill = PatternFill("solid", fgColor=FILLS[status])

    for column, width in zip("ABCDEFGHIJK", [8, 50, 50, 22, 30, 50, 12, 12, 12, 12, 60], strict=True):
        sheet.worksheet.column_dimensions[column].width = width
    for row in sheet.worksheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEF", [8, 60, 14, 14, 16, 12], strict=True):
        occurrences.worksheet.column_dimensions[column].width = width
    return workbook.to_bytes()
