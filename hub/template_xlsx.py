"""The Excel template of the monitoring report, for a school without a portal (docs/hub.md).

`template_bytes` writes it with the portal's one .xlsx writer (config/xlsx.py), pre-filled with the school's
code and name and the monitoring date; `document_from_template` reads a filled one with python-calamine and
turns it into the same document a portal pushes (exchange/document.py) — the shares computed by the hub's
own `share()`, the totals summed from the rows — or raises TemplateError with every error by sheet and
cell. The questionnaires' part of an uploaded report is empty, and so are the pairs by status.

Sheets (one header row each; a sheet's rows may be added or left empty where it lists forms):
«Школа» (field, value), «Показатели» (the four indicators: numerator, denominator, target), «Участие»
(form × role model: pairs, mentors, mentees), «Движение» (form: started, completed, terminated), «Планы»
(form: plans, items, done, in progress, planned, overdue, average progress, fully done), «Дорожная карта»
(status: count), «Чек-лист» (code, title, present да/нет, count, links).
"""

import datetime
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.utils import get_column_letter

from api.selectors import CHECKLIST_CODES
from config.text import is_allowed
from config.xlsx import SafeWorkbook
from exchange.document import FORMAT, KPI_CODES, VERSION, empty_questionnaires
from indicators.models import Indicator

from .models import Organisation
from .selectors import share

SCHOOL_FIELDS = ("code", "name", "short_name", "town", "district", "website", "monitoring_date")
ROADMAP_STATUSES = ("planned", "in_progress", "done", "overdue")
PLAN_FIELDS = ("plans", "items", "done", "in_progress", "planned", "overdue", "average_progress", "fully_done")
MOVE_FIELDS = ("started", "completed", "terminated")
PEOPLE_FIELDS = ("mentorships", "mentors", "mentees")
YES = ("да", "yes", "1", "true", "+")
NO = ("нет", "no", "0", "false", "-", "")
MAX_FORM_ROWS = 1000


class TemplateError(Exception):
    """The uploaded template cannot be read into a report; `errors` are Russian, by sheet and cell."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _titles() -> dict[str, str]:
    return {
        "school": pgettext("hub", "School"),
        "kpi": _("Indicators"),
        "participation": _("Participation"),
        "movements": _("Movement"),
        "plans": pgettext("hub", "Plans"),
        "roadmap": _("Roadmap"),
        "checklist": _("Checklist"),
    }


def _school_labels() -> dict[str, str]:
    return {
        "code": _("School code at the hub"),
        "name": pgettext("hub", "Full name"),
        "short_name": _("Short name"),
        "town": _("Town"),
        "district": _("District"),
        "website": _("Website"),
        "monitoring_date": _("Monitoring date (ДД.ММ.ГГГГ)"),
    }


def _checklist_titles() -> dict[str, str]:
    return {
        "regulation": _("Regulations on mentoring (положение)"),
        "orders": _("Orders: introducing the model, appointing the curator, fixing the pairs"),
        "roadmap_document": _("Roadmap of the target model (document)"),
        "programmes": _("Mentoring programmes"),
        "roadmap": _("Roadmap kept in the portal"),
        "mentors_database": _("Database of mentors"),
        "mentees_database": _("Database of mentees"),
        "pairs": _("Mentoring pairs and groups"),
    }


def _status_titles() -> dict[str, str]:
    return {
        "planned": _("Planned"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "overdue": _("Overdue"),
    }


def _kpi_titles() -> dict[str, str]:
    names = dict(Indicator.objects.filter(code__in=KPI_CODES).values_list("code", "name"))
    return {code: names.get(code, code) for code in KPI_CODES}


# Writing --------------------------------------------------------------------------------------------------


def template_bytes(*, school: Organisation | None, monitoring_date: datetime.date) -> bytes:
    """The template as .xlsx bytes, pre-filled with the school (if any) and the date."""
    titles = _titles()
    workbook = SafeWorkbook()
    sheet = workbook.sheet(titles["school"])
    sheet.append([_("Field code"), _("Field"), _("Value")], bold=True)
    values = {
        "code": school.code if school else "",
        "name": school.name if school else "",
        "short_name": school.short_name if school else "",
        "monitoring_date": f"{monitoring_date:%d.%m.%Y}",
    }
    for field, label in _school_labels().items():
        sheet.append([field, label, values.get(field, "")])

    sheet = workbook.sheet(titles["kpi"])
    sheet.append(
        [
            _("Code"),
            _("Indicator"),
            _("Numerator"),
            _("Denominator"),
            pgettext("hub", "Target, %"),
            _("Value, % (computed)"),
        ],
        bold=True,
    )
    for code, title in _kpi_titles().items():
        sheet.append([code, title, 0, 0, None, None])

    sheet = workbook.sheet(titles["participation"])
    sheet.append(
        [
            _("Form of mentoring"),
            _("Role model"),
            _("Pairs and groups"),
            pgettext("hub", "Mentors"),
            pgettext("hub", "Mentees"),
        ],
        bold=True,
    )
    sheet = workbook.sheet(titles["movements"])
    sheet.append([_("Form of mentoring"), _("Started"), _("Completed"), _("Terminated")], bold=True)
    sheet = workbook.sheet(titles["plans"])
    sheet.append(
        [
            _("Form of mentoring"),
            pgettext("hub", "Plans"),
            pgettext("hub", "Plan items"),
            _("Done"),
            _("In progress"),
            _("Planned"),
            _("Overdue"),
            pgettext("hub", "Average progress, %"),
            _("Plans fully done"),
        ],
        bold=True,
    )
    sheet = workbook.sheet(titles["roadmap"])
    sheet.append([_("Status code"), pgettext("hub", "Status"), _("Activities")], bold=True)
    for status, title in _status_titles().items():
        sheet.append([status, title, 0])
    sheet = workbook.sheet(titles["checklist"])
    sheet.append(
        [_("Code"), _("Item"), _("Present (да/нет)"), _("Count"), _("Links (one per line)")],
        bold=True,
    )
    for code, title in _checklist_titles().items():
        sheet.append([code, title, "нет", 0, ""])
    for worksheet in workbook.workbook.worksheets:
        worksheet.column_dimensions["A"].width = 24
        worksheet.column_dimensions["B"].width = 48
    return workbook.to_bytes()


# Reading --------------------------------------------------------------------------------------------------


class _Reader:
    """Cells of one workbook with the errors found so far, each «Лист «…», ячейка B3: …»."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.errors: list[str] = []

    def rows(self, title: str) -> list[list[Any]] | None:
        if title not in self.workbook.sheet_names:
            self.errors.append(_("The workbook has no sheet «%(sheet)s».") % {"sheet": title})
            return None
        return self.workbook.get_sheet_by_name(title).to_python()

    def error(self, title: str, row: int, column: int, message: str) -> None:
        self.errors.append(
            _("Sheet «%(sheet)s», cell %(cell)s: %(message)s")
            % {"sheet": title, "cell": f"{get_column_letter(column + 1)}{row + 1}", "message": message}
        )

    def cell(self, rows: list[list[Any]], row: int, column: int) -> Any:
        if row >= len(rows) or column >= len(rows[row]):
            return ""
        value = rows[row][column]
        return value.strip() if isinstance(value, str) else value

    def count(self, title: str, rows, row: int, column: int, *, blank: int | None = 0, maximum: int | None = None):
        value = self.cell(rows, row, column)
        if value in ("", None):
            return blank
        number = _integer(value)
        if number is None or number < 0 or (maximum is not None and number > maximum):
            if maximum is None:
                self.error(title, row, column, _("a whole number of 0 or more is expected."))
            else:
                self.error(title, row, column, _("a whole number from 0 to %(max)s is expected.") % {"max": maximum})
            return blank if blank is not None else 0
        return number

    def text(self, title: str, rows, row: int, column: int, *, limit: int = 300) -> str:
        value = self.cell(rows, row, column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if len(text) > limit:
            self.error(title, row, column, _("the text is longer than %(limit)s characters.") % {"limit": limit})
        elif not is_allowed(text, multiline=limit > 1000):
            self.error(title, row, column, _("the text holds characters that are not allowed."))
        return text


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\d{1,9}", value.replace(" ", "").replace("\u00a0", "")):
        return int(value.replace(" ", "").replace("\u00a0", ""))
    return None


def _number(value: Any) -> Decimal | None:
    """A number of a cell (a number, or text like «50,5»), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}([.,]\d+)?", value.strip()):
        return Decimal(value.strip().replace(",", "."))
    return None


def _share_value(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _data_rows(rows: list[list[Any]] | None) -> list[int]:
    """Indexes of the non-empty rows after the header."""
    if not rows:
        return []
    return [i for i in range(1, len(rows)) if any(str(v).strip() for v in rows[i] if v is not None)]


def _read_school(reader: _Reader, titles) -> tuple[dict[str, str], datetime.date | None]:
    title = titles["school"]
    rows = reader.rows(title)
    school: dict[str, str] = {}
    date = None
    if rows is None:
        return school, None
    limits = {"code": 64, "name": 500, "short_name": 200, "town": 200, "district": 200, "website": 200}
    found = {}
    for i in _data_rows(rows):
        field = reader.text(title, rows, i, 0, limit=50)
        if field in SCHOOL_FIELDS:
            found[field] = i
    for field in SCHOOL_FIELDS:
        if field not in found:
            reader.errors.append(
                _("Sheet «%(sheet)s»: the line «%(field)s» is missing.") % {"sheet": title, "field": field}
            )
            continue
        i = found[field]
        if field == "monitoring_date":
            value = reader.cell(rows, i, 2)
            if isinstance(value, datetime.datetime):
                date = value.date()
            elif isinstance(value, datetime.date):
                date = value
            else:
                try:
                    date = datetime.datetime.strptime(str(value), "%d.%m.%Y").date()
                except ValueError:
                    reader.error(title, i, 2, _("a date ДД.ММ.ГГГГ is expected."))
            continue
        school[field] = reader.text(title, rows, i, 2, limit=limits[field])
    if "code" in found and not school.get("code"):
        reader.error(title, found["code"], 2, _("the school's code is required."))
    if "name" in found and not school.get("name"):
        reader.error(title, found["name"], 2, _("the school's name is required."))
    return school, date


def _read_kpi(reader: _Reader, titles) -> list[dict[str, Any]]:
    title = titles["kpi"]
    rows = reader.rows(title)
    if rows is None:
        return []
    by_code = {}
    for i in _data_rows(rows):
        by_code[reader.text(title, rows, i, 0, limit=50)] = i
    result = []
    for code in KPI_CODES:
        if code not in by_code:
            reader.errors.append(
                _("Sheet «%(sheet)s»: the line of the indicator «%(code)s» is missing.")
                % {"sheet": title, "code": code}
            )
            continue
        i = by_code[code]
        numerator = reader.count(title, rows, i, 2)
        denominator = reader.count(title, rows, i, 3)
        if numerator > denominator:
            reader.error(title, i, 2, _("the numerator cannot exceed the denominator."))
        target_cell = reader.cell(rows, i, 4)
        target: float | None = None
        if target_cell not in ("", None):
            number = _number(target_cell)
            if number is not None and 0 <= number <= 100:
                target = float(number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            else:
                reader.error(title, i, 4, _("a share from 0 to 100 or an empty cell is expected."))
        value = share(numerator, denominator)
        achieved = None if value is None or target is None else bool(value >= Decimal(str(target)))
        result.append(
            {
                "code": code,
                "numerator": numerator,
                "denominator": denominator,
                "value": _share_value(value),
                "target": target,
                "achieved": achieved,
            }
        )
    return result


def _read_by_form(
    reader: _Reader, title: str, fields: tuple[str, ...], *, first: int, key_columns: int, check: Callable | None = None
) -> list[dict[str, Any]]:
    rows = reader.rows(title)
    result = []
    data = _data_rows(rows)
    if rows is None:
        return result
    if len(data) > MAX_FORM_ROWS:
        reader.errors.append(_("Sheet «%(sheet)s»: more than %(max)s lines.") % {"sheet": title, "max": MAX_FORM_ROWS})
        return result
    for i in data:
        keys = [reader.text(title, rows, i, column) for column in range(key_columns)]
        if not keys[0]:
            reader.error(title, i, 0, _("the form of mentoring is required."))
        item: dict[str, Any] = {"keys": keys}
        for offset, field in enumerate(fields):
            if field == "average_progress":
                item[field] = reader.count(title, rows, i, first + offset, blank=None, maximum=100)
            else:
                item[field] = reader.count(title, rows, i, first + offset)
        result.append(item)
    return result


def _summed(items: list[dict[str, Any]], fields: tuple[str, ...]) -> dict[str, int]:
    return {field: sum(item[field] for item in items) for field in fields}


def _participation(reader: _Reader, titles) -> dict[str, Any]:
    items = _read_by_form(reader, titles["participation"], PEOPLE_FIELDS, first=2, key_columns=2)
    rows = [{"form": i["keys"][0], "role_model": i["keys"][1], **{f: i[f] for f in PEOPLE_FIELDS}} for i in items]
    forms: dict[str, dict[str, Any]] = {}
    for row in rows:
        form = forms.setdefault(row["form"], {"form": row["form"], **dict.fromkeys(PEOPLE_FIELDS, 0)})
        for field in PEOPLE_FIELDS:
            form[field] += row[field]
    return {"rows": rows, "forms": list(forms.values()), "total": _summed(rows, PEOPLE_FIELDS)}


def _movements(reader: _Reader, titles) -> dict[str, Any]:
    items = _read_by_form(reader, titles["movements"], MOVE_FIELDS, first=1, key_columns=1)
    forms = [{"form": i["keys"][0], **{f: i[f] for f in MOVE_FIELDS}} for i in items]
    return {"forms": forms, "total": _summed(forms, MOVE_FIELDS)}


def _plans(reader: _Reader, titles) -> dict[str, Any]:
    items = _read_by_form(reader, titles["plans"], PLAN_FIELDS, first=1, key_columns=1)
    forms = [{"form": i["keys"][0], **{f: i[f] for f in PLAN_FIELDS}} for i in items]
    counted = tuple(f for f in PLAN_FIELDS if f != "average_progress")
    total: dict[str, Any] = _summed(forms, counted)
    weighted = [(f["average_progress"], f["plans"]) for f in forms if f["average_progress"] is not None and f["plans"]]
    weight = sum(plans for _progress, plans in weighted)
    total["average_progress"] = (
        int((Decimal(sum(p * n for p, n in weighted)) / weight).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if weight
        else None
    )
    return {"forms": forms, "total": {field: total[field] for field in PLAN_FIELDS}}


def _roadmap(reader: _Reader, titles) -> dict[str, Any]:
    title = titles["roadmap"]
    rows = reader.rows(title)
    by_status = dict.fromkeys(ROADMAP_STATUSES, 0)
    if rows is not None:
        found = {reader.text(title, rows, i, 0, limit=50): i for i in _data_rows(rows)}
        for status in ROADMAP_STATUSES:
            if status in found:
                by_status[status] = reader.count(title, rows, found[status], 2)
    return {"total": sum(by_status.values()), "by_status": by_status}


def _checklist(reader: _Reader, titles) -> list[dict[str, Any]]:
    title = titles["checklist"]
    rows = reader.rows(title)
    if rows is None:
        return []
    names = _checklist_titles()
    found = {reader.text(title, rows, i, 0, limit=50): i for i in _data_rows(rows)}
    result = []
    for code in CHECKLIST_CODES:
        if code not in found:
            result.append({"code": code, "title": names[code], "present": False, "count": 0, "links": []})
            continue
        i = found[code]
        answer = reader.text(title, rows, i, 2).lower()
        if answer not in YES + NO:
            reader.error(title, i, 2, _("«да» or «нет» is expected."))
        links = []
        for url in reader.text(title, rows, i, 4, limit=10_000).split():
            if not re.fullmatch(r"https?://\S{1,490}", url):
                reader.error(title, i, 4, _("a link starts with http:// or https:// (at most 500 characters)."))
                continue
            links.append({"title": names[code], "date": None, "url": url})
        if len(links) > 50:
            reader.error(title, i, 4, _("at most 50 links."))
        result.append(
            {
                "code": code,
                "title": reader.text(title, rows, i, 1) or names[code],
                "present": answer in YES,
                "count": reader.count(title, rows, i, 3),
                "links": links[:50],
            }
        )
    return result


def document_from_template(fileobj) -> dict[str, Any]:
    """The report of a filled template (an .xlsx already sniffed); raises TemplateError with every error."""
    import python_calamine

    try:
        fileobj.seek(0)
        workbook = python_calamine.CalamineWorkbook.from_filelike(fileobj)
    except Exception as exc:  # python-calamine raises its own errors for a damaged workbook
        raise TemplateError([_("The file cannot be read as an Excel workbook.")]) from exc
    reader = _Reader(workbook)
    titles = _titles()
    school, date = _read_school(reader, titles)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "monitoring_date": date.isoformat() if date else "",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "school": {field: school.get(field, "") for field in SCHOOL_FIELDS if field != "monitoring_date"},
        "period": {
            "start": datetime.date(date.year, 1, 1).isoformat() if date else "",
            "end": date.isoformat() if date else "",
        },
        "kpi": _read_kpi(reader, titles),
        "participation": _participation(reader, titles),
        "pairs_by_status": [],
        "movements": _movements(reader, titles),
        "plans": _plans(reader, titles),
        "roadmap": _roadmap(reader, titles),
        "questionnaires": empty_questionnaires(),
        "checklist": _checklist(reader, titles),
    }
    if reader.errors:
        raise TemplateError(reader.errors)
    return document
