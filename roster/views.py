"""Admin pages of the roster import (journal, upload, preview, confirm) and the .xlsx exports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.http import attachment_response
from config.xlsx import XLSX_CONTENT_TYPE, rows_to_xlsx
from mentorship.filters import LIST_FILTERS
from submissions.decorators import once_per_submission

from .columns import kind_code
from .exporting import export_queryset, export_rows, template_rows
from .forms import RosterUploadForm
from .models import RosterJob
from .services import export_recorded, journal, roster_cancel, roster_confirm, roster_upload

IMPORT_PERMISSION = "roster.import_roster"
EXPORT_PERMISSIONS = {
    "students": "mentorship.view_person",
    "teachers": "mentorship.view_person",
    "external": "mentorship.view_person",
    "organizations": "mentorship.view_organization",
    "mentorships": "mentorship.view_mentorship",
}
ERRORS_SHOWN = 1000


def _kind_or_404(kind):
    code = kind_code(kind)  # `mentors` (the spec's name) is `external`
    if code is None:
        raise Http404
    return code


def _xlsx_response(content, file_name):
    return attachment_response(content, filename=file_name, content_type=XLSX_CONTENT_TYPE)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@once_per_submission
def import_journal(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = roster_upload(
            user=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            sheet=form.cleaned_data["sheet"],
        )
        return redirect("mentorship:import_job", pk=job.pk)
    context = {
        "form": form,
        "jobs": journal(),
        "kinds": RosterJob.Kind.choices,
        "limits": {
            "upload_mb": settings.ROSTER_MAX_UPLOAD_MB,
            "async_rows": settings.ROSTER_ASYNC_ROWS,
        },
    }
    return render(request, "roster/journal.html", context)


@require_safe
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_job(request, pk):
    job = get_object_or_404(RosterJob.objects.select_related("user"), pk=pk, action=RosterJob.Action.IMPORT)
    context = {
        "job": job,
        "errors": job.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(job.errors) - ERRORS_SHOWN),
        "preview_hidden": max(0, job.created + job.updated + job.unchanged - len(job.preview)),
    }
    return render(request, "roster/job.html", context)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
@once_per_submission
def import_confirm(request, pk):
    job = get_object_or_404(RosterJob, pk=pk, action=RosterJob.Action.IMPORT)
    if job.status != RosterJob.Status.PREVIEW:
        messages.error(request, _("This import is no longer waiting for confirmation."))
        return redirect("mentorship:import_job", pk=job.pk)
    job = roster_confirm(job=job)
    if job.status == RosterJob.Status.DONE:
        messages.success(
            request,
            _("Imported: created %(created)d, updated %(updated)d, unchanged %(unchanged)d.")
            % {"created": job.created, "updated": job.updated, "unchanged": job.unchanged},
        )
    return redirect("mentorship:import_job", pk=job.pk)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_cancel(request, pk):
    job = get_object_or_404(RosterJob, pk=pk, action=RosterJob.Action.IMPORT)
    roster_cancel(job=job)
    messages.info(request, _("The import was cancelled: nothing was written."))
    return redirect("mentorship:import_journal")


@require_safe
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_template(request, kind):
    kind = _kind_or_404(kind)
    return _xlsx_response(rows_to_xlsx(template_rows(kind), kind), f"template-{kind}.xlsx")


@require_safe
def roster_export(request, kind):
    """The registry's list as the user sees it: the list's own FilterSet applied to the same query string
    (the list's «Export to Excel» carries it), so the file holds exactly the list's rows."""
    kind = _kind_or_404(kind)
    if not request.user.has_perm(EXPORT_PERMISSIONS[kind]):
        raise PermissionDenied
    queryset = export_queryset(kind)
    if kind == "mentorships":
        queryset = queryset.visible_to(request.user)
    rows = export_rows(kind, LIST_FILTERS[kind](request.GET, queryset=queryset).qs)
    file_name = f"{kind}-{timezone.localdate():%Y-%m-%d}.xlsx"
    content = rows_to_xlsx(rows, kind)
    export_recorded(kind=kind, user=request.user, file_name=file_name, rows=len(rows) - 1)
    return _xlsx_response(content, file_name)
