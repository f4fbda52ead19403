"""Pages of the monitoring's analysis: the participants' growth (stage 2) and the SWOT analysis (stage 1).

Read by whoever reads the dashboard (curators, the director, administrators: `indicators.view_indicator`);
the SWOT analysis is edited by whoever writes the summary's conclusions (`reports.change_analyticsummary`:
curators and administrators), since it feeds them.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mentorship.dates import monitoring_period, next_monitoring_date, parse_iso_date

from . import services
from .charts import growth_chart
from .forms import SwotForm
from .models import SwotAnalysis
from .selectors import GROUPINGS, AnswerFilter, growth_report, swot_get
from .swot import swot_draft

VIEW = "indicators.view_indicator"
EDIT = "reports.change_analyticsummary"


def _as_of(request) -> datetime.date:
    """The monitoring date of the query string (`as_of`), by default the end of the half-year under way; a date
    the analysis cannot be made for answers 404."""
    today = timezone.localdate()
    raw = request.GET.get("as_of")
    if not raw:
        return next_monitoring_date(today)
    try:
        day = parse_iso_date(raw)
        services.analysis_date_check(day, today=today)
    except (ValueError, ValidationError):
        raise Http404(_("No analysis for this date.")) from None
    return day


def _dates(as_of: datetime.date) -> list[datetime.date]:
    """The monitoring dates offered: the half-year under way and the four before it."""
    day, dates = next_monitoring_date(timezone.localdate()), []
    while len(dates) < 5:
        dates.append(day)
        day = monitoring_period(day)[0] - datetime.timedelta(days=1)
    return dates if as_of in dates else [as_of, *dates]


@require_safe
@permission_required(VIEW, raise_exception=True)
def growth(request):
    as_of = _as_of(request)
    by = request.GET.get("by") or "form"
    if by not in GROUPINGS:
        raise Http404
    report = growth_report(by=by, where=AnswerFilter(as_of=as_of))
    return render(
        request,
        "monitoring/growth.html",
        {
            "as_of": as_of,
            "dates": _dates(as_of),
            "by": by,
            "groupings": [("form", _("Form of mentoring")), ("role_model", _("Role model")), ("class", _("Class"))],
            "report": report,
            "chart": growth_chart(report) if report.totals else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(VIEW, raise_exception=True)
def swot(request):
    can_edit = request.user.has_perm(EDIT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    as_of = _as_of(request) if request.method != "POST" else _posted_date(request)
    saved = swot_get(as_of=as_of)
    if request.method == "POST":
        url = f"{reverse('monitoring:swot')}?as_of={as_of:%Y-%m-%d}"
        try:
            if "redraft" in request.POST:
                services.swot_redraft(as_of=as_of, user=request.user)
                messages.success(request, _("The SWOT analysis is drafted anew from the data."))
                return redirect(url)
            form = SwotForm(request.POST)
            if form.is_valid():
                services.swot_save(as_of=as_of, user=request.user, **form.cleaned_data)
                messages.success(request, _("The SWOT analysis is saved."))
                return redirect(url)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(url)
    else:
        initial = (
            {part: getattr(saved, part) for part in SwotAnalysis.PARTS} if saved else swot_draft(as_of=as_of).as_dict()
        )
        form = SwotForm(initial=initial)
    return render(
        request,
        "monitoring/swot.html",
        {
            "as_of": as_of,
            "period": monitoring_period(as_of),
            "dates": _dates(as_of),
            "saved": saved,
            "form": form,
            "can_edit": can_edit,
            "texts": [(form[part].label, form[part].value()) for part in SwotAnalysis.PARTS],
        },
    )


def _posted_date(request) -> datetime.date:
    if not request.POST.get("as_of"):
        return next_monitoring_date(timezone.localdate())
    try:
        day = parse_iso_date(request.POST.get("as_of", ""))
        services.analysis_date_check(day)
    except (ValueError, ValidationError):
        raise Http404(_("No analysis for this date.")) from None
    return day
