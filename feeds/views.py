"""The «Calendar» page (get or revoke the secret link) and the feed itself (/calendar/feed/<token>/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .ics import calendar_ics
from .selectors import PERMISSION, calendar_events, token_of, token_owner
from .services import calendar_token_issue, calendar_token_revoke, calendar_token_touch


def _require(user):
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def _page(request, *, link=""):
    return render(request, "feeds/calendar.html", {"token": token_of(user=request.user), "link": link})


@require_safe
def page(request):
    _require(request.user)
    return _page(request)


@require_POST
def issue(request):
    """A new link, shown once on this answer (only its digest is kept); the old link stops working."""
    _require(request.user)
    token = calendar_token_issue(user=request.user)
    link = request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": token}))
    return _page(request, link=link)


@require_POST
def revoke(request):
    _require(request.user)
    if calendar_token_revoke(user=request.user):
        messages.success(request, _("The calendar link is revoked: calendars that use it get nothing more."))
    return redirect("calendar:page")


@login_not_required
@require_safe
def feed(request, token):
    found = token_owner(token=token)
    if found is None:
        raise Http404
    row, user = found
    events = calendar_events(user=user, today=timezone.localdate())
    body = calendar_ics(
        events=events, absolute=lambda link: request.build_absolute_uri(reverse(link[0], args=[link[1]]))
    )
    calendar_token_touch(token_id=row.pk)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
