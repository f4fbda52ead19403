"""The school's reports to its hub: what was sent and when, sending a date's report, sending a failed one
again, and the JSON document itself (docs/exchange.md)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.http import attachment_response
from submissions.decorators import once_per_submission

from . import services
from .document import canonical_bytes
from .forms import DeliveryQueueForm
from .models import Delivery

VIEW = "exchange.view_delivery"
ADD = "exchange.add_delivery"


@require_safe
@permission_required(VIEW, raise_exception=True)
def delivery_list(request):
    configured = services.hub_configured()
    return render(
        request,
        "exchange/deliveries.html",
        {
            "deliveries": Delivery.objects.select_related("queued_by").order_by("-monitoring_date"),
            "form": DeliveryQueueForm(today=timezone.localdate()),
            "configured": configured,
            "not_configured": "" if configured else services.hub_not_configured_message(),
            "school_code": settings.HUB_SCHOOL_CODE,
            "can_queue": request.user.has_perm(ADD) and configured,
            "max_attempts": settings.HUB_PUSH_MAX_ATTEMPTS,
        },
    )


def _queued_message(request, delivery, queued):
    date = delivery.monitoring_date.strftime("%d.%m.%Y")
    if queued:
        messages.success(request, _("The report for %(date)s is queued for sending to the hub.") % {"date": date})
    elif delivery.status == Delivery.Status.DELIVERED:
        messages.info(request, _("The report for %(date)s has already been delivered.") % {"date": date})
    else:
        messages.info(request, _("The report for %(date)s is already on its way.") % {"date": date})


@require_POST
@permission_required(ADD, raise_exception=True)
@once_per_submission
def delivery_queue(request):
    form = DeliveryQueueForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("exchange:deliveries")
    try:
        delivery, queued = services.delivery_queue(
            as_of=form.cleaned_data["as_of"], user=request.user, rebuild=form.cleaned_data["rebuild"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("exchange:deliveries")
    _queued_message(request, delivery, queued)
    return redirect("exchange:deliveries")


@require_POST
@permission_required(ADD, raise_exception=True)
@once_per_submission
def delivery_resend(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    if not delivery.may_resend:
        messages.info(request, _("Only a report that was not delivered is sent again."))
        return redirect("exchange:deliveries")
    try:
        delivery, queued = services.delivery_queue(as_of=delivery.monitoring_date, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("exchange:deliveries")
    _queued_message(request, delivery, queued)
    return redirect("exchange:deliveries")


@require_safe
@permission_required(VIEW, raise_exception=True)
def delivery_document(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    return attachment_response(
        canonical_bytes(delivery.document),
        filename=f"monitoring-report-{delivery.monitoring_date.isoformat()}.json",
        content_type="application/json",
    )
