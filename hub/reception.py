"""The reception of a school portal's signed report: `POST /hub/api/reports/` (docs/hub.md).

The contract, in the order the checks run:

- the body is at most MAX_BODY_BYTES (413 otherwise);
- X-Hub-Key names a known key that is not revoked (403), X-Hub-Timestamp is within the tolerance of
  exchange/signing.py (403 «Запрос устарел»), X-Hub-Signature signs the body (403 «Подпись отчёта не
  сходится»); the key's last use is recorded;
- the body is JSON (400) and a valid report (422 with the list of errors);
- the report's school is the key's school (403);
- its date is a monitoring date and the campaign of that date, if there is one, is open (422);
- 201 {"status": "created"}, 200 {"status": "unchanged"} for the same document again, 200 {"status":
  "replaced", "revision": n} for a different one of the same school and date.

Every answer is JSON with a Russian `detail`. Nothing personal reaches the log: the school's code and the
outcome only.
"""

import json
import logging
import time

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

from exchange.document import validate_document
from exchange.signing import (
    KEY_HEADER,
    SIGNATURE_HEADER,
    SIGNATURE_TOLERANCE_SECONDS,
    TIMESTAMP_HEADER,
    signature_valid,
)

from . import services
from .keys import active_key, secret_for
from .models import Report

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024

_STATUS_OF_CODE = {
    services.INVALID: 422,
    services.WRONG_SCHOOL: 403,
    services.NOT_A_MONITORING_DATE: 422,
    services.NOT_OPEN: 422,
    services.CLOSED: 422,
}


def _answer(http_status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=http_status, json_dumps_params={"ensure_ascii": False})


def _stale(timestamp: str | None, now: float) -> bool:
    try:
        return abs(now - int(timestamp or "")) > SIGNATURE_TOLERANCE_SECONDS
    except ValueError:
        return True


def receive(request) -> JsonResponse:
    """Check and store one pushed report (the view in hub/views_ingest.py wraps this)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return _answer(413, _("The report is larger than 2 MB."))
    try:
        body = request.body
    except RequestDataTooBig:
        return _answer(413, _("The report is larger than 2 MB."))
    if len(body) > MAX_BODY_BYTES:
        return _answer(413, _("The report is larger than 2 MB."))

    key = active_key(request.headers.get(KEY_HEADER, ""))
    if key is None:
        logger.info("hub reception refused: unknown or revoked key")
        return _answer(403, _("The school's key is unknown or revoked."))
    timestamp = request.headers.get(TIMESTAMP_HEADER)
    now = time.time()
    if _stale(timestamp, now):
        logger.info("hub reception refused: school=%s stale request", key.organisation.code)
        return _answer(403, _("The request is out of date."))
    if not signature_valid(
        secret=secret_for(key.key_id),
        timestamp=timestamp or "",
        given=request.headers.get(SIGNATURE_HEADER, ""),
        body=body,
        now=now,
    ):
        logger.info("hub reception refused: school=%s bad signature", key.organisation.code)
        return _answer(403, _("The report's signature does not match."))
    services.school_key_touch(key=key)

    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _answer(400, _("The body is not JSON."))
    errors = validate_document(document)
    if errors:
        return _answer(422, _("The report does not fit the format."), errors=errors)
    school = key.organisation
    if document["school"]["code"] != school.code:
        logger.info("hub reception refused: school=%s sent another school's report", school.code)
        return _answer(403, _("The report is of another school."))
    try:
        report, outcome = services.report_receive(school=school, document=document, source=Report.Source.PUSH)
    except ValidationError as error:
        http_status = _STATUS_OF_CODE.get(getattr(error, "code", None) or "", 422)
        return _answer(http_status, " ".join(error.messages), errors=error.messages)
    if outcome == services.CREATED:
        return _answer(201, _("The report is accepted."), status="created", revision=report.revision, late=report.late)
    if outcome == services.UNCHANGED:
        return _answer(200, _("The hub already holds this report."), status="unchanged", revision=report.revision)
    return _answer(200, _("The report is replaced."), status="replaced", revision=report.revision, late=report.late)
