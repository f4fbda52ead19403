"""«Требуют внимания»: the pairs that are not in order, with their reasons and the actions that resolve them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .models import HealthRun, PairHealth
from .selectors import REFRESH, SORTS, attention_rows, visible_health
from .services import pair_health_refresh


@require_safe
def attention(request):
    sort = request.GET.get("sort", "status")
    sort = sort if sort in SORTS else "status"
    rows = attention_rows(user=request.user, sort=sort)  # 404 for those who cannot see the page
    last_run = HealthRun.objects.filter(whole=True).first()
    return render(
        request,
        "health/attention.html",
        {
            "rows": rows,
            "sort": sort,
            "sorts": [
                ("status", _("Status")),
                ("pair", _("Pair")),
                ("last_meeting", _("Last meeting")),
                ("since", _("Since")),
            ],
            "computed_at": last_run.finished_at if last_run else None,
            "can_refresh": request.user.has_perm(REFRESH),
            "statuses": PairHealth.Status,
        },
    )


@require_POST
def refresh(request):
    visible_health(user=request.user)  # 404 for those who cannot see the page
    if not request.user.has_perm(REFRESH):
        raise PermissionDenied
    counts = pair_health_refresh()
    messages.success(
        request,
        _("Pair health recomputed: %(ok)d in order, %(attention)d need attention, %(risk)d at risk.") % counts,
    )
    return redirect("health:attention")
