from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.forms import add_service_errors
from config.http import attachment_response, stored_file_response
from config.xlsx import XLSX_CONTENT_TYPE
from submissions.decorators import once_per_submission

from . import selectors, services
from .exports import roadmap_workbook
from .forms import ActivityForm, EvidenceForm, OccurrenceForm, ProgrammeForm, RoadmapFilterForm, SectionForm
from .models import Activity, Section

VIEW = "roadmap.view_activity"


def _programme_or_404():
    programme = selectors.programme_current()
    if programme is None:
        raise Http404(_("No roadmap yet."))
    return programme


def _shown_programme(request):
    """(shown, current, periods): the period a read page shows — `?period=<number>` (another period,
    read-only), else the current one — the current one and every period (one query)."""
    periods = selectors.programmes()
    current = selectors.programme_current(periods=periods)
    if current is None:
        raise Http404(_("No roadmap yet."))
    raw = request.GET.get("period")
    if not raw:
        return current, current, periods
    shown = next((p for p in periods if str(p.pk) == raw), None)
    if shown is None:
        raise Http404(_("No such roadmap period."))
    return shown, current, periods


def _periods_context(request, programme, current, periods):
    today = timezone.localdate()
    return {
        "programme": programme,
        "current_programme": current,
        "is_current": programme.pk == current.pk,
        "periods": periods,
        # The period has ended and none follows: the page invites the school to plan its next years.
        "period_ended": current.end_year < today.year,
        "can_open_period": request.user.has_perm("roadmap.add_programme"),
    }


@require_safe
@permission_required(VIEW, raise_exception=True)
def table(request):
    programme, current, periods = _shown_programme(request)
    form = RoadmapFilterForm(request.GET or None, years=programme.years)
    filters = form.cleaned_data if form.is_valid() else {}
    data = selectors.roadmap_table(
        programme=programme,
        year=filters.get("year"),
        status=filters.get("status") or None,
        responsible=filters.get("responsible") or None,
    )
    form.set_responsible_choices(data.responsible_choices)
    context = {**_periods_context(request, programme, current, periods), "table": data, "filter_form": form}
    return render(request, "roadmap/table.html", context)


@require_safe
@permission_required(VIEW, raise_exception=True)
def timeline(request):
    programme, current, periods = _shown_programme(request)
    today = timezone.localdate()
    # The current year when the period covers it, else the period's year nearest to today.
    default_year = min(max(today.year, programme.start_year), programme.end_year)
    try:
        year = int(request.GET.get("year", default_year))
    except ValueError:
        year = default_year
    if year not in programme.years:
        year = default_year
    return render(
        request,
        "roadmap/timeline.html",
        {
            **_periods_context(request, programme, current, periods),
            "year": year,
            "rows": selectors.timeline(programme=programme, year=year),
            "months": [(m, f"{str(MONTHS[m]).lower()} {year}") for m in range(1, 13)],
            "today": today,
        },
    )


@require_safe
@permission_required(VIEW, raise_exception=True)
def activity_detail(request, pk):
    activity = selectors.activity_get(pk=pk)
    can_edit = request.user.has_perm("roadmap.change_occurrence")
    can_add_evidence = request.user.has_perm("roadmap.add_evidence")
    occurrences = []
    for occurrence in activity.occurrences.all():
        occurrences.append(
            {
                "occurrence": occurrence,
                "form": OccurrenceForm(instance=occurrence, prefix=f"occ{occurrence.pk}") if can_edit else None,
                "evidence_form": EvidenceForm(prefix=f"ev{occurrence.pk}") if can_add_evidence else None,
            }
        )
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "activity": activity,
            "occurrences": occurrences,
            "can_change_activity": request.user.has_perm("roadmap.change_activity"),
            "can_delete_evidence": request.user.has_perm("roadmap.delete_evidence"),
            "max_upload_mb": services.max_upload_bytes() // (1024 * 1024),
        },
    )


@require_POST
@permission_required("roadmap.change_occurrence", raise_exception=True)
def occurrence_update(request, pk):
    occurrence = selectors.occurrence_get(pk=pk)
    form = OccurrenceForm(request.POST, instance=occurrence, prefix=f"occ{occurrence.pk}")
    if form.is_valid():
        try:
            services.occurrence_update(
                occurrence=occurrence,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                completed_on=form.cleaned_data.get("completed_on"),
            )
            messages.success(request, _("The occurrence of %(date)s is saved.") % {"date": _date(occurrence)})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The status was not saved: %(errors)s") % {"errors": _form_errors(form)})
    return redirect(f"{_activity_url(occurrence.activity_id)}#occurrence-{occurrence.pk}")


@require_POST
@permission_required("roadmap.add_evidence", raise_exception=True)
@once_per_submission
def evidence_add(request, pk):
    occurrence = selectors.occurrence_get(pk=pk)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"ev{occurrence.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                services.evidence_add_file(
                    occurrence=occurrence, uploaded_file=data["file"], comment=data["comment"], user=request.user
                )
            else:
                services.evidence_add_link(
                    occurrence=occurrence, url=data["url"], comment=data["comment"], user=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        messages.error(request, _("The evidence was not added: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(f"{_activity_url(occurrence.activity_id)}#occurrence-{occurrence.pk}")
    messages.success(request, _("The evidence is added to the occurrence of %(date)s.") % {"date": _date(occurrence)})
    return redirect(f"{_activity_url(occurrence.activity_id)}#occurrence-{occurrence.pk}")


@require_POST
@permission_required("roadmap.delete_evidence", raise_exception=True)
def evidence_delete(request, pk):
    evidence = selectors.evidence_get(pk=pk)
    occurrence = evidence.occurrence
    services.evidence_delete(evidence=evidence)
    messages.success(request, _("The evidence is deleted."))
    return redirect(f"{_activity_url(occurrence.activity_id)}#occurrence-{occurrence.pk}")


@require_safe
@permission_required("roadmap.view_evidence", raise_exception=True)
def evidence_download(request, pk):
    evidence = selectors.evidence_get(pk=pk)
    return stored_file_response(evidence.file, content_type=evidence.content_type, filename=evidence.original_name)


@require_safe
@permission_required(VIEW, raise_exception=True)
def export(request):
    programme = _programme_or_404()
    content = roadmap_workbook(programme=programme)
    filename = f"roadmap-{programme.start_year}-{programme.end_year}-{timezone.localdate():%Y%m%d}.xlsx"
    return attachment_response(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


@permission_required("roadmap.change_programme", raise_exception=True)
def programme_update(request):
    programme = _programme_or_404()
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roadmap is saved."))
            return redirect("roadmap:table")
    return render(request, "roadmap/form.html", {"form": form, "title": _("Edit the roadmap")})


@permission_required("roadmap.add_programme", raise_exception=True)
@once_per_submission
def programme_create(request):
    """Open the next roadmap period (e.g. 2025–2030 after 2020–2024)."""
    latest = selectors.programmes()[-1:] or [None]
    initial = {}
    if latest[0] is not None:
        start = latest[0].end_year + 1
        initial = {"start_year": start, "end_year": start + 5}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_create(data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roadmap period is opened: add its sections and activities."))
            return redirect("roadmap:table")
    return render(request, "roadmap/form.html", {"form": form, "title": _("New roadmap period")})


def _section_form(request, section, title):
    programme = _programme_or_404()
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(section=section, data={**form.cleaned_data, "programme": programme})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect("roadmap:table")
    return render(request, "roadmap/form.html", {"form": form, "title": title})


@permission_required("roadmap.add_section", raise_exception=True)
@once_per_submission
def section_create(request):
    return _section_form(request, Section(), _("New section"))


@permission_required("roadmap.change_section", raise_exception=True)
def section_update(request, pk):
    section = selectors.section_get(pk=pk)
    return _section_form(request, section, _("Edit section %(number)s") % {"number": section.number})


def _activity_form(request, activity, title):
    programme = _programme_or_404()
    form = ActivityForm(request.POST or None, instance=activity, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(activity=activity, data=form.activity_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("roadmap:activity", pk=saved.pk)
    return render(request, "roadmap/form.html", {"form": form, "title": title})


@permission_required("roadmap.add_activity", raise_exception=True)
@once_per_submission
def activity_create(request):
    return _activity_form(request, Activity(), _("New activity"))


@permission_required("roadmap.change_activity", raise_exception=True)
def activity_update(request, pk):
    activity = selectors.activity_get(pk=pk)
    if activity.section.programme_id != _programme_or_404().pk:
        raise PermissionDenied
    return _activity_form(request, activity, _("Edit activity %(number)s") % {"number": activity.number})


@require_POST
@permission_required("roadmap.delete_activity", raise_exception=True)
def activity_delete(request, pk):
    activity = selectors.activity_get(pk=pk)
    services.activity_delete(activity=activity)
    messages.success(request, _("The activity is deleted."))
    return redirect("roadmap:table")


def _activity_url(pk):
    return reverse("roadmap:activity", args=[pk])


def _date(occurrence):
    return occurrence.due_on.strftime("%d.%m.%Y")


def _form_errors(form):
    return " ".join(str(message) for errors in form.errors.values() for message in errors)
