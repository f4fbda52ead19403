"""The analytic summary as an Excel workbook: the same figures as the PDF, one sheet per section."""

from django.utils.translation import gettext as _

from config.xlsx import SafeWorkbook

from .content import summary_content


def _number(value):
    return None if value is None else float(value)


def _sheet(workbook, title, header, rows):
    sheet = workbook.sheet(title)
    sheet.append(header, bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.worksheet.freeze_panes = "A2"
    return sheet


def summary_workbook(summary):
    data = summary_content(summary, kpi=summary.kpi)
    workbook = SafeWorkbook()
    school = data["school"]
    title = _sheet(workbook, _("Summary"), [_("Information and analytic summary"), ""], [])
    title.append([_("School"), school.name if school else ""])
    title.append([_("Monitoring date"), summary.as_of.strftime("%d.%m.%Y")])
    title.append([_("Period covered"), f"{summary.period_start:%d.%m.%Y} – {summary.as_of:%d.%m.%Y}"])
    title.append([_("Indicators"), _("live values") if data["kpi_is_live"] else _("recorded values")])
    title.append([_("Curator's conclusions"), summary.conclusions])
    title.append([_("Management decisions"), summary.decisions])
    _sheet(
        workbook,
        _("Indicators"),
        [_("Indicator"), _("Numerator"), _("Denominator"), _("Value, %"), _("Target, %"), _("Gap, p.p.")],
        [
            (r["name"], r["numerator"], r["denominator"], _number(r["value"]), _number(r["target"]), _number(r["gap"]))
            for r in data["kpi_rows"]
        ],
    )
    participation = data["participation"]
    _sheet(
        workbook,
        _("Participants"),
        [_("Form of mentoring"), _("Role model"), _("Mentorships"), _("Mentors"), _("Mentees")],
        [
            *(
                (r["form"], r["role_model"], r["mentorships"], r["mentors"], r["mentees"])
                for r in participation["rows"]
            ),
            *((r["form"], _("Total"), r["mentorships"], r["mentors"], r["mentees"]) for r in participation["forms"]),
            (
                _("Total"),
                "",
                participation["total"]["mentorships"],
                participation["total"]["mentors"],
                participation["total"]["mentees"],
            ),
        ],
    )
    movements = data["movements"]
    _sheet(
        workbook,
        _("Movements"),
        [_("Form of mentoring"), _("Started"), _("Completed"), _("Terminated early")],
        [
            *((r["form"], r["started"], r["completed"], r["terminated"]) for r in movements["forms"]),
            (
                _("Total"),
                movements["total"]["started"],
                movements["total"]["completed"],
                movements["total"]["terminated"],
            ),
        ],
    )
    plans = data["plans"]
    keys = ("plans", "items", "done", "in_progress", "planned", "overdue", "fully_done", "average_progress")
    _sheet(
        workbook,
        _("Individual plans"),
        [
            _("Form of mentoring"),
            _("Plans"),
            _("Items"),
            _("Done"),
            _("In progress"),
            _("Planned"),
            _("Overdue"),
            _("Plans fully done"),
            _("Average progress, %"),
        ],
        [
            *((r["form"], *(r[k] for k in keys)) for r in plans["forms"]),
            (_("Total"), *(plans["total"][k] for k in keys)),
        ],
    )
    _sheet(
        workbook,
        _("Roadmap"),
        [_("Due on"), _("Activity"), _("Status"), _("Evidence")],
        [
            (
                r.occurrence.due_on,
                f"{r.occurrence.activity.number} {r.occurrence.activity.title}",
                r.status_label,
                r.evidence_count,
            )
            for r in data["execution"].rows
        ],
    )
    feedback = data["feedback"]["roles"]
    _sheet(
        workbook,
        _("Feedback"),
        [_("Question"), _("Mentors"), _("Mentees")],
        [
            (_("Feedback forms"), feedback["mentor"]["count"], feedback["mentee"]["count"]),
            *((r["label"], r["mentor"], r["mentee"]) for r in data["feedback_rows"]),
            (_("Would continue"), feedback["mentor"]["would_continue"], feedback["mentee"]["would_continue"]),
            (
                _("Would become a mentor"),
                feedback["mentor"]["would_become_mentor"],
                feedback["mentee"]["would_become_mentor"],
            ),
        ],
    )
    _sheet(
        workbook,
        _("Best mentors"),
        [_("Mentor"), _("Position, organisation"), _("Citation")],
        [
            (
                a.person.full_name,
                ", ".join(
                    x for x in (a.person.position, a.person.organization.name if a.person.organization else "") if x
                ),
                a.citation,
            )
            for a in data["best_mentors"]
        ],
    )
    return workbook.to_bytes()
