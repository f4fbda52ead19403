"""Queueing and sending the monitoring report to the hub (docs/exchange.md).

`delivery_queue` builds the document of a date and fixes it in a `Delivery` (one per date, under a lock);
`delivery_send` claims a due delivery with one conditional UPDATE (two workers never send one delivery at
once), POSTs the canonical bytes, signed, and records the hub's answer: delivered (201, 200), refused
(another 4xx: failed, the hub's detail kept, no retry) or not reached (connection error, timeout, 5xx, 408,
429: retried after 1, 2, 4, 8 … minutes, at most six hours apart, HUB_PUSH_MAX_ATTEMPTS requests in all).
"""

import datetime
import logging

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.text import strip_forbidden
from mentorship.dates import monitoring_dates
from reports.services import monitoring_dates_due

from .document import canonical_bytes, digest, validate_document
from .models import Delivery
from .report import report_build
from .signing import signed_headers

logger = logging.getLogger(__name__)

Status = Delivery.Status
REQUEST_TIMEOUT_SECONDS = 10
# A delivery being sent is claimed for this long: if its worker dies mid-request, the sweep takes it again.
SENDING_CLAIM = datetime.timedelta(minutes=10)
BACKOFF_CAP = datetime.timedelta(hours=6)
RETRY_CODES = {408, 429}
ERROR_LENGTH = 300
# The statuses a send may claim (a delivered or failed one is never sent by the sweep or a stale task).
_SENDABLE = (Status.QUEUED, Status.RETRYING, Status.SENDING)


def hub_configured() -> bool:
    return bool(settings.HUB_URL)


def hub_not_configured_message() -> str:
    return _("The hub is not configured (HUB_URL is empty): reports are not sent.")


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed request: 1, 2, 4, 8 … minutes, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _check_date(as_of: datetime.date) -> None:
    if as_of not in monitoring_dates(as_of.year):
        raise ValidationError(_("Reports are sent for monitoring dates only (20 June, 20 December)."))
    if as_of > timezone.localdate():
        raise ValidationError(_("The monitoring date has not come yet."))


def _built(as_of: datetime.date) -> tuple[dict, str]:
    if not settings.HUB_SCHOOL_CODE:
        raise ValidationError(_("The school's code at the hub is not set (HUB_SCHOOL_CODE)."))
    document = report_build(as_of=as_of)
    errors = validate_document(document)
    if errors:  # the portal's own data never should; said plainly rather than sent to be refused
        raise ValidationError(_("The report does not fit the format: %(errors)s") % {"errors": "; ".join(errors[:3])})
    return document, digest(document)


def _enqueue(delivery_id: int, *, countdown: int | None = None) -> bool:
    """Send the task; with the broker down the delivery stays due and the sweep (or the command) sends it."""
    from .tasks import send_delivery

    try:
        send_delivery.apply_async((delivery_id,), countdown=countdown)
    except Exception:  # the broker's errors (kombu OperationalError, redis ConnectionError, OSError…)
        logger.warning("Delivery %s: the broker is unavailable, the sweep sends it later", delivery_id, exc_info=True)
        return False
    return True


def _locked_or_created(as_of: datetime.date, user: User | None) -> tuple[Delivery, bool]:
    delivery = Delivery.objects.select_for_update().filter(monitoring_date=as_of).first()
    if delivery is not None:
        return delivery, False
    document, sha = _built(as_of)
    now = timezone.now()
    delivery = Delivery(
        monitoring_date=as_of,
        status=Status.QUEUED,
        document=document,
        digest=sha,
        next_attempt_at=now,
        queued_at=now,
        queued_by=user if user is not None and user.is_authenticated else None,
    )
    delivery.full_clean(validate_unique=False)  # the unique date is the database's: see the IntegrityError below
    try:
        with transaction.atomic():  # a parallel queue of the same date inserted it first: take that one
            delivery.save()
    except IntegrityError:
        return Delivery.objects.select_for_update().get(monitoring_date=as_of), False
    return delivery, True


@transaction.atomic
def delivery_queue(
    *, as_of: datetime.date, user: User | None = None, rebuild: bool = False, enqueue: bool = True
) -> tuple[Delivery, bool]:
    """Queue the report of the monitoring date `as_of`; returns (delivery, queued: bool).

    One delivery per date (parallel calls get the same row). A new one is built and queued; a failed one is
    queued again (the same document, or built anew with `rebuild`); a delivered one is left alone unless
    `rebuild` (the hub replaces the report it holds); one on its way is left alone. The task is sent once
    the transaction commits, with the delivery's id only (not with `enqueue=False`: the caller sends it)."""
    if not hub_configured():
        raise ValidationError(hub_not_configured_message())
    _check_date(as_of)
    delivery, created = _locked_or_created(as_of, user)
    if not created:
        if delivery.status in (Status.QUEUED, Status.SENDING, Status.RETRYING):
            return delivery, False
        if delivery.status == Status.DELIVERED and not rebuild:
            return delivery, False
        if rebuild:
            delivery.document, delivery.digest = _built(as_of)
        now = timezone.now()
        delivery.status = Status.QUEUED
        delivery.attempts = 0
        delivery.last_error = ""
        delivery.hub_status = None
        delivery.next_attempt_at = now
        delivery.queued_at = now
        delivery.queued_by = user if user is not None and user.is_authenticated else None
        delivery.full_clean()
        delivery.save()
    pk = delivery.pk
    if enqueue:
        transaction.on_commit(lambda: _enqueue(pk))
    return delivery, True


def delivery_queue_due(*, today: datetime.date | None = None) -> Delivery | None:
    """Celery beat, 20 June and 20 December at 06:40: queue the latest monitoring date not yet queued
    (a date missed while the beat was down is caught up by the next run). None: nothing to queue."""
    if not hub_configured():
        logger.info("Hub push: HUB_URL is empty, nothing queued")
        return None
    dates = monitoring_dates_due(today=today)
    known = set(Delivery.objects.filter(monitoring_date__in=dates).values_list("monitoring_date", flat=True))
    missing = [d for d in dates if d not in known]
    if not missing:
        return None
    delivery, _queued = delivery_queue(as_of=missing[-1])
    return delivery


def _claim(delivery_id: int, now: datetime.datetime) -> Delivery | None:
    """Take the delivery for one request, or None (not due, already taken, delivered or failed)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(due, pk=delivery_id, status__in=_SENDABLE).first()
        if delivery is None:
            return None
        # The conditional UPDATE is the claim: a second worker finds the row no longer due.
        taken = Delivery.objects.filter(due, pk=delivery_id, status__in=_SENDABLE).update(
            status=Status.SENDING, attempts=delivery.attempts + 1, next_attempt_at=now + SENDING_CLAIM
        )
        if not taken:
            return None
    delivery.refresh_from_db()
    return delivery


def _short(message: str) -> str:
    message = " ".join(strip_forbidden(str(message), multiline=False).split())
    return message if len(message) <= ERROR_LENGTH else message[: ERROR_LENGTH - 1] + "…"


def _hub_detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str) and detail.strip():
        return _short(
            _("The hub refused the report (%(code)s): %(detail)s") % {"code": response.status_code, "detail": detail}
        )
    return _("The hub refused the report (%(code)s).") % {"code": response.status_code}


def _post(delivery: Delivery) -> tuple[str, int | None, str]:
    return report_post(document=delivery.document)


def report_post(*, document: dict) -> tuple[str, int | None, str]:
    """One signed request of the report to the hub: (outcome "delivered" | "refused" | "retry", the hub's
    status code, a Russian error). The transport of every delivery; it records nothing itself."""
    body = canonical_bytes(document)
    headers = {
        "Content-Type": "application/json",
        **signed_headers(key_id=settings.HUB_KEY_ID, secret=settings.HUB_KEY_SECRET, body=body),
    }
    url = f"{settings.HUB_URL.rstrip('/')}/hub/api/reports/"
    try:
        response = requests.post(
            url, data=body, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.Timeout:
        return (
            "retry",
            None,
            _("The hub did not answer within %(seconds)s seconds.") % {"seconds": REQUEST_TIMEOUT_SECONDS},
        )
    except requests.RequestException:
        return "retry", None, _("The hub cannot be reached (no connection).")
    code = response.status_code
    if code in (200, 201):
        return "delivered", code, ""
    if code in RETRY_CODES or code >= 500:
        return (
            "retry",
            code,
            _("The hub answered with an error (%(code)s); the report will be sent again.") % {"code": code},
        )
    return "refused", code, _hub_detail(response)


@transaction.atomic
def _record(delivery: Delivery, outcome: str, code: int | None, error: str) -> Delivery:
    current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if current.status != Status.SENDING or current.attempts != delivery.attempts:
        return current  # taken again meanwhile (this worker was too slow): the newer attempt decides
    now = timezone.now()
    current.hub_status = code
    current.last_error = error
    if outcome == "delivered":
        current.status, current.delivered_at, current.next_attempt_at = Status.DELIVERED, now, None
    elif outcome == "refused" or current.attempts >= settings.HUB_PUSH_MAX_ATTEMPTS:
        current.status, current.next_attempt_at = Status.FAILED, None
        if outcome == "retry":
            current.last_error = _short(
                _("%(error)s Attempts are over (%(attempts)s).") % {"error": error, "attempts": current.attempts}
            )
    else:
        wait = backoff(current.attempts)
        current.status, current.next_attempt_at = Status.RETRYING, now + wait
        pk, seconds = current.pk, int(wait.total_seconds())
        transaction.on_commit(lambda: _enqueue(pk, countdown=seconds))
    current.full_clean()
    current.save()
    return current


def delivery_send(*, delivery_id: int) -> Delivery | None:
    """Send a due delivery once; None if it is not due (delivered, failed, taken by another worker, or
    waiting for its next attempt). The request is made outside any transaction."""
    delivery = _claim(delivery_id, timezone.now())
    if delivery is None:
        return None
    if not hub_configured():
        outcome, code, error = "refused", None, hub_not_configured_message()
    else:
        outcome, code, error = _post(delivery)
    delivered = _record(delivery, outcome, code, error)
    logger.info(
        "Delivery %s: %s (%s), attempt %s", delivered.monitoring_date, delivered.status, code, delivered.attempts
    )
    return delivered


def deliveries_due(*, now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status__in=_SENDABLE, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def deliveries_retry_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Celery beat, every five minutes: send the deliveries whose next attempt has come (a lost task, a
    retry's wait over, a worker that died mid-request). Never a delivered or failed one. Returns the ids sent."""
    sent = []
    for pk in deliveries_due(now=now):
        if delivery_send(delivery_id=pk) is not None:
            sent.append(pk)
    return sent
