from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config.http import attachment_response
from config.xlsx import XLSX_CONTENT_TYPE, SafeWorkbook
from submissions.decorators import once_per_submission

from .charts import plan_fact_svg
from .forms import YearTargetsForm
from .selectors import dashboard_data, drilldown_data, drilldown_date, targets_history, targets_table
from .services import target_year_errors, year_targets_set

# Who may set targets and the number of enterprises: the director and the administrators (portal/roles.py).
SET_TARGETS = "indicators.change_target"


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
    data["can_set_targets"] = request.user.has_perm(SET_TARGETS)
    return render(request, "indicators/dashboard.html", data)


def _targets_year(raw: str | None, *, today) -> int:
    """The year of the targets form from the query string: today's year when absent; 404 for a wrong one."""
    if not raw:
        return today.year
    try:
        year = int(raw)
    except ValueError:
        raise Http404(_("Wrong year.")) from None
    if target_year_errors(year=year, today=today):
        raise Http404(_("Wrong year."))
    return year


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(SET_TARGETS, raise_exception=True)
@once_per_submission
def targets(request):
    """The targets of the four indicators and the number of enterprises, a year at a time, with their history."""
    today = timezone.localdate()
    year = _targets_year(request.GET.get("year"), today=today)
    indicators, rows = targets_table(today=today)
    current = next((row for row in rows if row.year == year), None)
    initial = {}
    if current is not None:
        initial = {f"target_{i.code}": value for i, value in zip(indicators, current.targets, strict=True)}
        if current.enterprise_count is not None:
            initial["enterprise_count"] = current.enterprise_count.count
            initial["enterprise_source"] = current.enterprise_count.source
    form = YearTargetsForm(request.POST or None, indicators=indicators, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            year_targets_set(
                year=year,
                values=form.values(),
                enterprise_count=form.cleaned_data["enterprise_count"],
                enterprise_source=form.cleaned_data["enterprise_source"] or "",
                user=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The targets for %(year)s are saved.") % {"year": year})
            return redirect(f"{reverse('indicators:targets')}?year={year}")
    return render(
        request,
        "indicators/targets.html",
        {
            "year": year,
            "today": today,
            "form": form,
            "indicators": indicators,
            "rows": rows,
            "history": targets_history(),
        },
    )


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
