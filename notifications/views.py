"""The bell's page: the user's own notifications, marked read one by one or all at once."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from .models import Notification
from .selectors import can_have_notifications, notifications_for
from .services import notification_read, notifications_read_all


def _require(user):
    if not can_have_notifications(user):
        raise PermissionDenied


@require_safe
def notification_list(request):
    _require(request.user)
    context = {"notifications": notifications_for(user=request.user), "keep_days": settings.NOTIFICATIONS_KEEP_DAYS}
    return render(request, "notifications/list.html", context)


@require_POST
def notification_open(request, pk):
    """Mark read, then go where it leads (its own portal path), or back to the list."""
    _require(request.user)
    try:
        notification = notification_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/"):
        return redirect(url)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    _require(request.user)
    notifications_read_all(user=request.user)
    return redirect("notifications:list")
