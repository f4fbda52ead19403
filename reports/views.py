from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.http import attachment_response, stored_file_response
from config.pdf import PdfTooLarge, render_pdf
from config.xlsx import XLSX_CONTENT_TYPE
from indicators.selectors import is_monitoring_date, last_monitoring_date
from mentorship.names import declined_post, person_full_name_declined
from mentorship.selectors import (
    best_mentor_get,
    mentorship_for_print,
    mentorships_for_order,
    plan_for_print,
    school_get,
)
from monitoring.selectors import RATING_KEYS, RATING_LABELS, pair_satisfaction_values

from . import services
from .content import period_start
from .drafting import draft_notes
from .exports import summary_workbook
from .forms import OrderListForm, SummaryDateForm, SummaryNotesForm
from .models import AnalyticSummary

VIEW = "reports.view_analyticsummary"
CHANGE = "reports.change_analyticsummary"
APPROVE = "reports.approve_summary"


def _summary_url(as_of):
    return reverse("reports:summary", args=[as_of])


@require_safe
@permission_required(VIEW, raise_exception=True)
def archive(request):
    today = timezone.localdate()
    summaries = list(AnalyticSummary.objects.select_related("author", "approved_by").order_by("-as_of"))
    existing = {s.as_of for s in summaries}
    missing = [d for d in services.monitoring_dates_due(today=today) if d not in existing]
    form = SummaryDateForm(initial={"as_of": last_monitoring_date(today)}, today=today)
    return render(
        request,
        "reports/archive.html",
        {
            "summaries": summaries,
            "missing": list(reversed(missing)),
            "form": form,
            "can_change": request.user.has_perm(CHANGE),
        },
    )


@require_safe
@permission_required(VIEW, raise_exception=True)
def summary_open(request):
    form = SummaryDateForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        for error in form.errors.get("as_of", []):
            messages.error(request, error)
        return redirect("reports:archive")
    return redirect(_summary_url(form.cleaned_data["as_of"]))


@permission_required(VIEW, raise_exception=True)
def summary_detail(request, as_of):
    try:
        services.summary_date_check(as_of)
    except ValidationError as error:
        raise Http404(error.messages[0]) from None
    summary = services.summary_get(as_of=as_of)
    can_change = request.user.has_perm(CHANGE) and not (summary and summary.is_approved)
    initial = {"conclusions": summary.conclusions, "decisions": summary.decisions} if summary else {}
    # Nothing written yet, or «Draft anew» asked: sections 8 and 9 are drafted from the data (reports/drafting.py).
    drafted = can_change and request.method != "POST" and (not any(initial.values()) or "draft" in request.GET)
    if drafted:
        initial = draft_notes(as_of=as_of).__dict__
    form = SummaryNotesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        if not can_change:
            messages.error(request, _("The summary is approved by the director; it can no longer be changed."))
            return redirect(_summary_url(as_of))
        if form.is_valid():
            try:
                services.summary_notes_save(as_of=as_of, user=request.user, **form.cleaned_data)
                if "generate" in request.POST:
                    summary, queued = services.summary_request(as_of=as_of, user=request.user, regenerate=True)
                    if queued and getattr(summary, "enqueue_failed", False):
                        messages.warning(
                            request,
                            _(
                                "The summary is queued, but the task service is unavailable right now: it will be "
                                "generated once the service is back. Nothing else needs to be done."
                            ),
                        )
                    elif queued:
                        messages.success(request, _("The summary is queued for generation."))
                    else:
                        messages.info(request, _("The summary is already being generated."))
                else:
                    messages.success(request, _("The conclusions are saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(_summary_url(as_of))
    return render(
        request,
        "reports/summary.html",
        {
            "as_of": as_of,
            "period_start": period_start(as_of),
            "is_monitoring_date": is_monitoring_date(as_of),
            "summary": summary,
            "form": form,
            "can_change": can_change,
            "drafted": drafted,
            "can_approve": request.user.has_perm(APPROVE),
            "refresh": summary is not None and summary.is_pending,
        },
    )


def _done_summary(as_of):
    summary = services.summary_get(as_of=as_of)
    if summary is None or summary.status != AnalyticSummary.Status.DONE or not summary.pdf:
        raise Http404(_("The summary has not been generated."))
    return summary


@require_safe
@permission_required(VIEW, raise_exception=True)
def summary_download(request, as_of):
    summary = _done_summary(as_of)
    try:
        return stored_file_response(summary.pdf, content_type="application/pdf", filename=summary.filename)
    except Http404:
        raise Http404(_("The summary's file is missing; generate it again.")) from None


@require_safe
@permission_required(VIEW, raise_exception=True)
def summary_export(request, as_of):
    summary = _done_summary(as_of)
    return attachment_response(
        summary_workbook(summary), filename=f"spravka-{as_of:%Y-%m-%d}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


@require_POST
@permission_required(APPROVE, raise_exception=True)
def summary_approve(request, as_of):
    summary = services.summary_get(as_of=as_of)
    if summary is None:
        raise Http404
    try:
        services.summary_approve(summary=summary, user=request.user)
        messages.success(request, _("The summary is approved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_summary_url(as_of))


# Printable forms (roadmap activity 1.2 and 3.2).


def _pdf_response(template, context, filename):
    try:
        content, _pages = render_pdf(template, {"school": school_get(), "today": timezone.localdate(), **context})
    except PdfTooLarge as error:
        return HttpResponse(str(error), status=413, content_type="text/plain; charset=utf-8")
    return attachment_response(content, filename=filename, content_type="application/pdf")


@require_safe
def plan_pdf(request, pk):
    plan = plan_for_print(request.user, pk)
    return _pdf_response("reports/print/plan.html", {"plan": plan, "mentorship": plan.mentorship}, f"plan-{pk}.pdf")


@require_safe
def feedback_pdf(request, pk):
    mentorship = mentorship_for_print(request.user, pk)
    # The answers only for those who may read individual answers (curators, administrators, the mentor her
    # own); anyone else prints the blank form.
    answered = pair_satisfaction_values(mentorship=mentorship, user=request.user)
    people = [("mentor", mentorship.mentor, answered.get(mentorship.mentor_id))]
    people += [("mentee", m, answered.get(m.pk)) for m in mentorship.mentees.all()]
    forms = [
        {
            "role": role,
            "person": person,
            "feedback": entry,
            "ratings": [(RATING_LABELS[key], entry.get(key) if entry else None) for key in RATING_KEYS],
        }
        for role, person, entry in people
    ]
    return _pdf_response(
        "reports/print/feedback.html",
        {"mentorship": mentorship, "forms": forms},
        f"otzyv-{pk}.pdf",
    )


@require_safe
@permission_required("mentorship.view_mentorship", raise_exception=True)
def order_list_pdf(request):
    today = timezone.localdate()
    on, year = OrderListForm(request.GET).selection(today)
    mentorships = mentorships_for_order(on=on, year=year)
    suffix = str(year) if year else f"{on:%Y-%m-%d}"
    return _pdf_response(
        "reports/print/order_list.html",
        {"mentorships": mentorships, "on": on, "year": year},
        f"spisok-par-{suffix}.pdf",
    )


@require_safe
@permission_required("mentorship.view_bestmentor", raise_exception=True)
def certificate_pdf(request, pk):
    award = best_mentor_get(pk)
    # «объявляется Наставниковой Ирине Сергеевне, учителю»: the name and the post in the dative.
    context = {
        "award": award,
        "awardee": person_full_name_declined(award.person),
        "awardee_position": declined_post(award.person.position),
    }
    return _pdf_response("reports/print/certificate.html", context, f"blagodarnost-{pk}.pdf")
