from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.http import attachment_response
from config.xlsx import XLSX_CONTENT_TYPE, SafeWorkbook

from .charts import plan_fact_svg
from .selectors import dashboard_data, drilldown_data, drilldown_date


def _drilldown(request, code):
    return drilldown_data(code=code, as_of=drilldown_date(request.GET.get("as_of"), today=timezone.localdate()))


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def dashboard(request):
    data = dashboard_data(today=timezone.localdate())
    for block in data["blocks"]:
        block.chart = plan_fact_svg(
            chart_id=f"chart-{block.indicator.code}",
            title=block.indicator.short_name,
            points=[(r.year, r.target, r.fact.value if r.fact else None) for r in block.rows],
            plan_label=_("Plan"),
            fact_label=_("Actual"),
        )
    data["can_edit"] = request.user.has_perm("indicators.change_target")
    return render(request, "indicators/dashboard.html", data)


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def drilldown(request, code):
    return render(request, "indicators/drilldown.html", _drilldown(request, code))


@require_safe
@permission_required("indicators.view_indicator", raise_exception=True)
def drilldown_export(request, code):
    data = _drilldown(request, code)
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
