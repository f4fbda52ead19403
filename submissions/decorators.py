"""One submission of a create form makes one record, however many times it arrives (double click, resend).

Every form that creates a record carries a hidden random token (`{% submission_token %}`, issued anew each
time the form is shown); its view is wrapped in `@once_per_submission`. The first request with a token
claims it (a row of `SubmittedForm`, unique token, committed at once) and runs the view. A second request
with the same token cannot claim it: it waits until the first has finished and is redirected to the same
result with a message; if the first failed (the form had errors), the claim is released and the second
runs the view itself. The view's own transactions are left as they are.

A POST without a token (a script, an old page) runs the view unguarded, as before.
"""

import re
import secrets
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import SubmittedForm
from .services import submission_claim, submission_done, submission_release

FIELD = "submission_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
POLL_SECONDS = 0.05


def submission_token_new() -> str:
    return secrets.token_urlsafe(24)


def _succeeded(request, response, errors_before):
    """A create view answers a redirect once it has saved; a page (the form again) or an error message means not."""
    if response.status_code not in (301, 302, 303) or not response.has_header("Location"):
        return False
    return _error_count(request) == errors_before


def _error_count(request):
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return sum(1 for message in queued if message.level >= messages.ERROR)


def _already_sent(request, result_url):
    messages.info(request, _("This form had already been sent: the record was created once."))
    return redirect(result_url)


def _still_running(request):
    messages.warning(
        request, _("This form has already been sent and is still being processed. Reload the page in a minute.")
    )
    return redirect(request.get_full_path())


def _wait_for_claim(request, token, user):
    """Claim the token, or return the answer for a token that another request claimed."""
    deadline = time.monotonic() + settings.SUBMISSION_WAIT_SECONDS
    while True:
        claim = submission_claim(token=token, user=user)
        if claim is not None:
            return claim, None
        row = SubmittedForm.objects.filter(token=token).values("user_id", "result_url").first()
        if row is not None and row["result_url"]:
            if row["user_id"] != getattr(user, "pk", None):
                return None, _still_running(request)  # someone else's token: reveal nothing
            return None, _already_sent(request, row["result_url"])
        if time.monotonic() >= deadline:
            return None, _still_running(request)
        if row is not None:
            time.sleep(POLL_SECONDS)  # the first request is still working; without a row, claim again at once


def once_per_submission(view):
    """Wrap a create view: a token sent twice runs the view once (see the module's docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN_PATTERN.fullmatch(token) or getattr(request, "_submission_claimed", False):
            return view(request, *args, **kwargs)  # no token, or a wrapped view calling another one
        user = request.user if request.user.is_authenticated else None
        claim, answer = _wait_for_claim(request, token, user)
        if answer is not None:
            return answer
        request._submission_claimed = True
        errors_before = _error_count(request)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            submission_release(claim=claim)
            raise
        if _succeeded(request, response, errors_before):
            submission_done(claim=claim, result_url=response["Location"])
        else:
            submission_release(claim=claim)
        return response

    wrapped.once_per_submission = True  # type: ignore[attr-defined]  # the URL conf test looks for it
    return wrapped
