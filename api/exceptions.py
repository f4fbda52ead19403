"""Every error of the API answers {"detail": "…"} in Russian: 400, 401, 403, 404, 405, 429."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()))
        return _("Wrong parameter «%(field)s»: %(message)s") % {"field": field, "message": _first_message(value)}
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.NotAuthenticated):
        message = _("A token is required: send the header «Authorization: Bearer <token>».")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        message = str(exc.detail)
    elif isinstance(exc, exceptions.PermissionDenied):
        scope = getattr(context.get("view"), "required_scope", "")
        message = _("The token has no access to the scope «%(scope)s».") % {"scope": scope}
    elif isinstance(exc, exceptions.NotFound | Http404):
        message = _("Not found.")
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        message = ngettext(
            "Too many requests: try again in %(seconds)d second.",
            "Too many requests: try again in %(seconds)d seconds.",
            wait,
        ) % {"seconds": wait}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        message = _("The API only reads: use GET or HEAD.")
    elif isinstance(exc, exceptions.ValidationError):
        message = _first_message(exc.detail)
    else:
        message = _("The request cannot be answered.")
    response.data = {"detail": message}
    return response
