"""The hub's pages of the reception (docs/hub.md): the signed endpoint of the school portals, the Excel
template and its upload for a school without a portal, and the collection campaigns.

Every view is wrapped by hub.access.hub_view (404 where HUB_ENABLED is off) and answers only its methods."""

import datetime
import logging
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.files import XLSX, identify
from config.forms import add_service_errors
from config.http import attachment_response
from config.xlsx import XLSX_CONTENT_TYPE
from mentorship.dates import is_monitoring_date
from roster.safety import RosterFileError, check_file
from submissions.decorators import once_per_submission

from . import ingest_selectors as selectors
from . import reception as reception_module
from . import services
from .access import hub_view, may_read_hub, may_upload_report, member_organisation, visible_schools
from .forms_ingest import CampaignForm, UploadForm
from .models import Organisation, Report
from .template_xlsx import TemplateError, document_from_template, template_bytes

logger = logging.getLogger(__name__)

UPLOAD_MAX_BYTES = 2 * 1024 * 1024


# The signed reception -------------------------------------------------------------------------------------


@hub_view
@login_not_required
@csrf_exempt
@require_POST
def reception(request):
    return reception_module.receive(request)


# The Excel template ---------------------------------------------------------------------------------------


def _reporter_school(user) -> Organisation | None:
    organisation = member_organisation(user)
    return organisation if organisation is not None and organisation.kind == Organisation.Kind.SCHOOL else None


def _template_date(request) -> datetime.date:
    raw = request.GET.get("date", "")
    if not raw:
        return selectors.default_report_date()
    try:
        date = datetime.date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    if not is_monitoring_date(date):
        raise Http404
    return date


@hub_view
@require_safe
def template_download(request):
    """The template of a monitoring date (`?date=`), pre-filled with the user's school, or for an analyst
    with the visible school `?school=<code>` (another's: 404)."""
    if not (may_upload_report(request.user) or may_read_hub(request.user)):
        raise PermissionDenied
    date = _template_date(request)
    school = _reporter_school(request.user)
    code = request.GET.get("school", "")
    if code:
        school = get_object_or_404(visible_schools(request.user), code=code)
    content = template_bytes(school=school, monitoring_date=date)
    name = f"hub-report-{school.code if school else 'school'}-{date:%Y-%m-%d}.xlsx"
    return attachment_response(content, filename=name, content_type=XLSX_CONTENT_TYPE)


def _uploaded_document(uploaded, school: Organisation) -> dict:
    """The report of the uploaded template; raises ValidationError (Russian) on anything wrong."""
    if uploaded.size > UPLOAD_MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    if identify(uploaded, uploaded.name) != XLSX:
        raise ValidationError(_("Upload the template as an Excel workbook (.xlsx)."))
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        for chunk in uploaded.chunks():
            copy.write(chunk)
        copy.flush()
        try:
            check_file(copy.name, "template.xlsx")
        except RosterFileError as error:
            raise ValidationError(error.message) from error
        with open(copy.name, "rb") as workbook:
            try:
                document = document_from_template(workbook)
            except TemplateError as error:
                raise ValidationError(error.errors) from error
    if document["school"]["code"] != school.code:
        raise ValidationError(
            _("The template is filled in for the school «%(code)s», not for yours.")
            % {"code": document["school"]["code"]}
        )
    return document


@hub_view
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("hub.upload_report", raise_exception=True)
@once_per_submission
def upload(request):
    """A school without a portal uploads its filled template; nothing is stored on any error."""
    school = _reporter_school(request.user)
    if school is None:
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            document = _uploaded_document(form.cleaned_data["file"], school)
            report, outcome = services.report_receive(school=school, document=document, source=Report.Source.EXCEL)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logger.info("hub upload: school=%s outcome=%s", school.code, outcome)
            text = {
                services.CREATED: _("The report of %(date)s is accepted."),
                services.UNCHANGED: _("The hub already holds this report of %(date)s."),
                services.REPLACED: _("The report of %(date)s is replaced."),
            }[outcome] % {"date": f"{report.monitoring_date:%d.%m.%Y}"}
            messages.success(request, text)
            if report.late:
                messages.warning(request, _("The report arrived after the deadline and is marked late."))
            return redirect("hub:upload")
    reports = Report.objects.filter(organisation=school).defer("document").order_by("-monitoring_date")[:10]
    return render(
        request,
        "hub/ingest/upload.html",
        {"form": form, "school": school, "date": selectors.default_report_date(), "reports": reports},
    )


# Campaigns ------------------------------------------------------------------------------------------------


@hub_view
@require_safe
@permission_required("hub.view_campaign", raise_exception=True)
def campaign_list(request):
    return render(
        request,
        "hub/ingest/campaign_list.html",
        {"campaigns": selectors.campaigns_list(), "may_add": request.user.has_perm("hub.add_campaign")},
    )


def _campaign_form_page(request, form, campaign=None):
    return render(request, "hub/ingest/campaign_form.html", {"form": form, "campaign": campaign})


def _save_campaign(request, form, campaign=None):
    data = form.cleaned_data
    try:
        return services.campaign_save(
            monitoring_date=data["monitoring_date"],
            title=data["title"],
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            closes_on=data["closes_on"],
            campaign=campaign,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@hub_view
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("hub.add_campaign", raise_exception=True)
@once_per_submission
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = _save_campaign(request, form)
        if campaign is not None:
            messages.success(request, _("The campaign is saved."))
            return redirect("hub:campaign_detail", pk=campaign.pk)
    return _campaign_form_page(request, form)


@hub_view
@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("hub.change_campaign", raise_exception=True)
def campaign_edit(request, pk):
    campaign = selectors.campaign_get(pk=pk)
    initial = {
        "monitoring_date": campaign.monitoring_date,
        "title": campaign.title,
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "closes_on": campaign.closes_on,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_campaign(request, form, campaign) is not None:
        messages.success(request, _("The campaign is saved."))
        return redirect("hub:campaign_detail", pk=campaign.pk)
    return _campaign_form_page(request, form, campaign)


@hub_view
@require_safe
@permission_required("hub.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    """Who of the user's visible schools has submitted (on time, late) and who has not."""
    campaign = selectors.campaign_get(pk=pk)
    state = selectors.campaign_state(campaign=campaign, schools=visible_schools(request.user))
    return render(
        request,
        "hub/ingest/campaign_detail.html",
        {"state": state, "campaign": campaign, "may_change": request.user.has_perm("hub.change_campaign")},
    )
