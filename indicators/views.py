from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.http import attachment_response
from config.xlsx import XLSX_CONTENT_TYPE, SafeWorkbook
from mentorship.dates import parse_iso_date
from mentorship.selectors import full_years, kpi_members

from .charts import plan_fact_svg
from .models import Indicator
from .selectors import dashboard_data
from .services import ORGANIZATIONS_MENTORS, kpi_compute, snapshot_values

STUDENT_CODES = ("students_mentees", "students_mentors")


def _as_of(request):
    raw = request.GET.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return parse_iso_date(raw)
    except ValueError:
        raise Http404(_("Wrong date.")) from None


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def dashboard(request):
    data = dashboard_data(today=timezone.localdate())
    for block in data["blocks"]:
        block.chart = mark_safe(  # noqa: S308 — built by plan_fact_svg, which escapes every text
            plan_fact_svg(
                chart_id=f"chart-{block.indicator.code}",
                title=block.indicator.short_name,
                points=[(r.year, r.target, r.fact.value if r.fact else None) for r in block.rows],
                plan_label=_("Plan"),
                fact_label=_("Actual"),
            )
        )
    data["can_edit"] = request.user.has_perm("indicators.change_target")
    return render(request, "indicators/dashboard.html", data)


def _drilldown_data(code, as_of):
    indicator = get_object_or_404(Indicator, code=code)
    value = next(v for v in kpi_compute(as_of=as_of) if v.code == code)
    recorded = snapshot_values(days=[as_of]).get(as_of, {}).get(code)
    numerator_qs, denominator_qs = kpi_members(code, as_of)
    numerator = list(numerator_qs)
    numerator_ids = {obj.pk for obj in numerator}
    denominator = list(denominator_qs)
    rows = []
    for obj in denominator:
        row = {"obj": obj, "in_numerator": obj.pk in numerator_ids}
        if code != ORGANIZATIONS_MENTORS:
            row["age"] = full_years(obj.birth_date, as_of) if obj.birth_date else None
            row["experience"] = full_years(obj.career_start, as_of) if obj.career_start else None
            row["categories"] = [c.short_name for c in obj.categories.all()] if code == "students_mentees" else []
        rows.append(row)
    return {
        "indicator": indicator,
        "as_of": as_of,
        "value": value,
        "recorded": recorded,
        "differs": recorded is not None
        and (recorded.numerator, recorded.denominator) != (value.numerator, value.denominator),
        "numerator": numerator,
        "rows": rows,
        "is_organizations": code == ORGANIZATIONS_MENTORS,
        "is_students": code in STUDENT_CODES,
        "show_categories": code == "students_mentees",
    }


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def drilldown(request, code):
    return render(request, "indicators/drilldown.html", _drilldown_data(code, _as_of(request)))


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def drilldown_export(request, code):
    data = _drilldown_data(code, _as_of(request))
    workbook = SafeWorkbook()
    summary = workbook.sheet(_("Indicator summary"))
    value = data["value"]
    summary.append([data["indicator"].name])
    summary.append([_("As of"), data["as_of"].strftime("%d.%m.%Y")])
    summary.append([_("Numerator"), value.numerator])
    summary.append([_("Denominator"), value.denominator])
    summary.append([_("Value, %"), float(value.value) if value.value is not None else _("no data")])
    summary.append([_("Target, %"), float(value.target) if value.target is not None else "—"])
    if value.denominator_source == "entered":
        summary.append([_("Denominator source"), value.denominator_note])
    for title, only_numerator in ((_("Numerator"), True), (_("Denominator"), False)):
        sheet = workbook.sheet(title)
        if data["is_organizations"]:
            sheet.append([_("Organisation"), _("INN"), _("Territory"), _("Provided mentors")])
            for row in data["rows"]:
                if only_numerator and not row["in_numerator"]:
                    continue
                org = row["obj"]
                sheet.append(
                    [org.name, org.inn, org.get_territory_display(), _("yes") if row["in_numerator"] else _("no")]
                )
        else:
            header = [_("Full name"), _("Class"), _("Date of birth"), _("Age"), _("Teaching career start")]
            header += [_("Experience, years"), _("Potential mentee categories"), _("In the numerator")]
            sheet.append(header)
            for row in data["rows"]:
                if only_numerator and not row["in_numerator"]:
                    continue
                person = row["obj"]
                sheet.append(
                    [
                        person.full_name,
                        person.class_name,
                        person.birth_date,
                        row["age"],
                        person.career_start,
                        row["experience"],
                        ", ".join(row["categories"]),
                        _("yes") if row["in_numerator"] else _("no"),
                    ]
                )
            for cell in (*sheet.worksheet["C"][1:], *sheet.worksheet["E"][1:]):
                cell.number_format = "DD.MM.YYYY"
    return attachment_response(
        workbook.to_bytes(), filename=f"{code}-{data['as_of']:%Y-%m-%d}.xlsx", content_type=XLSX_CONTENT_TYPE
    )
