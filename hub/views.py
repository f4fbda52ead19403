"""The hub's roll-up pages (docs/hub-rollups.md): the dashboard of an organisation, its checklist and the
schools that have not reported, a school's report, the regional summary PDF and the Excel export.

Who: `may_read_hub` (the navigation's check: hub.view_report and a hub.Member organisation, or a
superuser) — else 403; what: the viewer's organisation's subtree (hub/access.py) — another's
organisation or report is 404. Every view wraps in `hub_view` (404 where HUB_ENABLED is off) and answers
GET and HEAD only.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.http import attachment_response
from config.pdf import PdfTooLarge
from config.xlsx import XLSX_CONTENT_TYPE
from exchange.document import canonical_bytes

from . import dashboards, selectors
from .access import hub_view, may_read_hub, member_organisation, visible_organisations, visible_schools
from .exports import rollup_workbook
from .forms import MonitoringDateForm
from .models import Organisation, Report
from .summary import summary_pdf


def _root(request) -> Organisation | None:
    """The viewer's organisation (None: a superuser without one sees the whole hub); 403 for anyone who
    may not read the hub."""
    if not may_read_hub(request.user):
        raise PermissionDenied(_("The hub's reports are read by the monitoring analysts of an organisation."))
    return member_organisation(request.user)


def _organisation(request, org_code: str | None) -> tuple[Organisation | None, Organisation | None]:
    """(the organisation asked for — the viewer's own without a code —, its parent if the viewer sees it)."""
    root = _root(request)
    if org_code is None:
        return root, None
    organisation = get_object_or_404(visible_organisations(request.user).select_related("parent"), code=org_code)
    return organisation, _parent(organisation, root)


def _parent(organisation: Organisation | None, root: Organisation | None) -> Organisation | None:
    """The organisation's parent if the viewer may open it (for the breadcrumbs), else None."""
    parent = organisation.parent if organisation is not None else None
    if parent is None or root is None:
        return parent
    return parent if root.pk in (parent.pk, parent.parent_id) else None


def _date(request, organisation: Organisation | None) -> tuple[MonitoringDateForm, datetime.date | None]:
    form = MonitoringDateForm(request.GET, dates=selectors.monitoring_dates(organisation=organisation))
    return form, form.chosen()


def _required_date(request, organisation):
    _form, date = _date(request, organisation)
    if date is None:
        raise Http404(_("The hub holds no reports of this organisation."))
    return date


def _code(organisation: Organisation | None) -> str:
    return organisation.code if organisation is not None else ""


@hub_view
@require_safe
def dashboard(request, code=None):
    organisation, parent = _organisation(request, code)
    form, date = _date(request, organisation)
    context = {"organisation": organisation, "form": form, "date": date, "dates": form.dates, "parent": parent}
    if date is not None:
        labels, charts = dashboards.distributions(monitoring_date=date, organisation=organisation)
        context |= {
            "overview": dashboards.overview(monitoring_date=date, organisation=organisation),
            "bin_labels": labels,
            "distributions": charts,
        }
    return render(request, "hub/dashboard.html", context)


@hub_view
@require_safe
def checklist(request, code):
    organisation, parent = _organisation(request, code)
    form, date = _date(request, organisation)
    table = None
    if date is not None:
        table = dashboards.checklist(selectors.reports_with_documents(monitoring_date=date, organisation=organisation))
    return render(
        request,
        "hub/checklist.html",
        {
            "organisation": organisation,
            "form": form,
            "date": date,
            "dates": form.dates,
            "parent": parent,
            "table": table,
        },
    )


@hub_view
@require_safe
def missing(request, code):
    organisation, parent = _organisation(request, code)
    form, date = _date(request, organisation)
    schools = (
        list(selectors.schools_without_report(monitoring_date=date, organisation=organisation))
        if date is not None
        else []
    )
    return render(
        request,
        "hub/missing.html",
        {
            "organisation": organisation,
            "form": form,
            "date": date,
            "dates": form.dates,
            "parent": parent,
            "schools": schools,
        },
    )


def _report(request, pk) -> tuple[Report, Organisation | None]:
    """(the report, if the viewer sees its school — else 404 —, the school's parent if the viewer sees it)."""
    root = _root(request)
    report = get_object_or_404(
        Report.objects.select_related("organisation__parent", "campaign").filter(
            organisation__in=visible_schools(request.user)
        ),
        pk=pk,
    )
    return report, _parent(report.organisation, root)


@hub_view
@require_safe
def report_detail(request, pk):
    report, parent = _report(request, pk)
    return render(
        request,
        "hub/report.html",
        {"report": report, "parent": parent, **dashboards.report_view(report)},
    )


@hub_view
@require_safe
def report_json(request, pk):
    report, _parent_shown = _report(request, pk)
    return attachment_response(
        canonical_bytes(report.document),
        filename=f"report-{report.organisation.code}-{report.monitoring_date:%Y-%m-%d}.json",
        content_type="application/json",
    )


@hub_view
@require_safe
def summary(request, code):
    organisation, _parent_shown = _organisation(request, code)
    date = _required_date(request, organisation)
    try:
        content = summary_pdf(monitoring_date=date, organisation=organisation)
    except PdfTooLarge as error:
        return HttpResponse(str(error), status=413, content_type="text/plain; charset=utf-8")
    return attachment_response(
        content, filename=f"spravka-{_code(organisation)}-{date:%Y-%m-%d}.pdf", content_type="application/pdf"
    )


@hub_view
@require_safe
def export(request, code):
    organisation, _parent_shown = _organisation(request, code)
    date = _required_date(request, organisation)
    return attachment_response(
        rollup_workbook(monitoring_date=date, organisation=organisation),
        filename=f"svod-{_code(organisation)}-{date:%Y-%m-%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
