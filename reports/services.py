"""Analytic summaries: request, generate (the Celery task and the command call the same functions),
approve, and the printable forms' PDFs.

A summary is one record per date. Requesting it again while it is queued or being generated, or once
it is done, changes nothing (unless regeneration is asked for); the task does nothing for a summary
that is not queued or generating, so a duplicate delivery of a task is harmless.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.events import emit
from config.pdf import write_pdf_atomically
from indicators.selectors import last_monitoring_date, monitoring_dates
from mentorship.dates import validate_date
from mentorship.selectors import school_get
from roadmap.selectors import programmes

from .content import kpi_collect, period_start, summary_content
from .models import AnalyticSummary
from .storage import report_storage

logger = logging.getLogger(__name__)

Status = AnalyticSummary.Status
SUMMARY_TEMPLATE = "reports/print/summary.html"


class SummaryError(Exception):
    """A failure of ours, with a message for people (in Russian)."""


def summary_date_check(as_of: datetime.date, *, today: datetime.date | None = None) -> None:
    """The portal's date rule for a summary: in range and not still to come (ValidationError otherwise)."""
    validate_date(as_of, today=today, future_message=_("A summary cannot be made for a date that has not come yet."))


def summary_get(*, as_of: datetime.date) -> AnalyticSummary | None:
    return AnalyticSummary.objects.select_related("author", "approved_by").filter(as_of=as_of).first()


@transaction.atomic
def summary_notes_save(
    *, as_of: datetime.date, conclusions: str, decisions: str, user: User | None = None
) -> AnalyticSummary:
    """The curator's conclusions and management decisions, entered before generation."""
    summary_date_check(as_of)
    summary, _created = AnalyticSummary.objects.select_for_update().get_or_create(
        as_of=as_of, defaults={"period_start": period_start(as_of), "author": user}
    )
    if summary.is_approved:
        raise ValidationError(_("The summary is approved by the director; it can no longer be changed."))
    summary.conclusions = conclusions.strip()
    summary.decisions = decisions.strip()
    summary.full_clean()
    summary.save(update_fields=["conclusions", "decisions"])
    return summary


def _enqueue(summary: AnalyticSummary) -> bool:
    """Send the generation task; with the broker down, log it and leave the summary queued: the
    recovery (`summaries_requeue_stale`, Celery beat, or the `generate_summary` command) sends it later.
    Returns whether the task was sent (also kept on the object as `summary.enqueue_failed`)."""
    from .tasks import generate_summary

    try:
        generate_summary.delay(summary.pk)
    except Exception:  # the broker's errors (kombu OperationalError, redis ConnectionError, OSError…)
        logger.warning("Summary %s: the broker is unavailable, it stays queued", summary.as_of, exc_info=True)
        summary.enqueue_failed = True
        return False
    summary.enqueue_failed = False
    return True


@transaction.atomic
def summary_request(
    *, as_of: datetime.date, user: User | None = None, regenerate: bool = False, enqueue: bool = True
) -> tuple[AnalyticSummary, bool]:
    """Queue the generation of the summary for `as_of`; returns (summary, queued: bool).

    A new or failed summary is queued. One already queued or being generated is left as it is (no
    duplicate). One that is done is queued again only with `regenerate` (and never once approved).
    The task is sent after the transaction commits.
    """
    summary_date_check(as_of)
    summary, _created = AnalyticSummary.objects.select_for_update().get_or_create(
        as_of=as_of, defaults={"period_start": period_start(as_of), "author": user}
    )
    if summary.is_pending:
        return summary, False
    if summary.status == Status.DONE:
        if not regenerate:
            return summary, False
        if summary.is_approved:
            raise ValidationError(_("The summary is approved by the director; it cannot be generated again."))
    summary.status = Status.QUEUED
    summary.error = ""
    summary.requested_at = timezone.now()
    if user is not None:
        summary.author = user
    summary.save(update_fields=["status", "error", "requested_at", "author"])
    summary.enqueue_failed = None  # not sent yet: set once the transaction commits
    if enqueue:
        transaction.on_commit(lambda: _enqueue(summary))
    return summary, True


def summary_reissue(*, summary: AnalyticSummary) -> AnalyticSummary:
    """Re-render a generated summary after a purge (inside the purge's transaction): the old file goes on
    commit, the new one is generated by the task; an approved summary keeps its approval and says it was
    re-issued."""
    summary = AnalyticSummary.objects.select_for_update().get(pk=summary.pk)
    old = summary.pdf.name if summary.pdf else ""
    summary.status = Status.QUEUED
    summary.error = ""
    summary.requested_at = summary.reissued_at = timezone.now()
    summary.pdf = ""
    summary.save(update_fields=["status", "error", "requested_at", "reissued_at", "pdf"])
    if old:
        transaction.on_commit(lambda: report_storage().delete(old))
    transaction.on_commit(lambda: _enqueue(summary))
    return summary


def _claim(summary_id: int) -> AnalyticSummary | None:
    with transaction.atomic():
        summary = AnalyticSummary.objects.select_for_update().filter(pk=summary_id).first()
        if summary is None or not summary.is_pending:
            return None
        summary.status = Status.GENERATING
        summary.save(update_fields=["status"])
        return summary


def _error_text(exc: Exception) -> str:
    if isinstance(exc, SummaryError | ValidationError):
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    else:
        text = _("Unexpected error: %(error)s") % {"error": f"{exc.__class__.__name__}: {exc}"}
    return text[:2000]


def summary_generate(*, summary_id: int) -> AnalyticSummary | None:
    """Generate the PDF of a queued summary. Does nothing for one that is not queued or generating.

    Any failure leaves the summary failed with the message; nothing is raised, so a task never loops.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _generate(summary_id)


def _generate(summary_id: int) -> AnalyticSummary | None:
    summary = _claim(summary_id)
    if summary is None:
        return AnalyticSummary.objects.filter(pk=summary_id).first()
    try:
        kpi = summary.kpi if summary.kpi.get("as_of") == summary.as_of.isoformat() else kpi_collect(summary.as_of)
        if not kpi.get("values"):
            raise SummaryError(_("The indicators could not be read for this date."))
        AnalyticSummary.objects.filter(pk=summary.pk).update(kpi=kpi)
        summary.kpi = kpi
        name = f"reports/{summary.filename}"
        pages = write_pdf_atomically(SUMMARY_TEMPLATE, summary_content(summary, kpi=kpi), report_storage().path(name))
    except Exception as exc:
        logger.exception("Summary %s failed", summary.as_of)
        AnalyticSummary.objects.filter(pk=summary.pk).update(status=Status.FAILED, error=_error_text(exc))
        summary.refresh_from_db()
        return summary
    AnalyticSummary.objects.filter(pk=summary.pk).update(
        status=Status.DONE, error="", pdf=name, page_count=pages, generated_at=timezone.now()
    )
    summary.refresh_from_db()
    emit("summary_ready", summary_id=summary.pk, user_id=summary.author_id)
    return summary


def summary_pdf_path(summary: AnalyticSummary) -> Path | None:
    return Path(report_storage().path(summary.pdf.name)) if summary.pdf else None


@transaction.atomic
def summary_approve(*, summary: AnalyticSummary, user: User) -> AnalyticSummary:
    summary = AnalyticSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.status != Status.DONE:
        raise ValidationError(_("Only a generated summary can be approved."))
    if summary.is_approved:
        return summary
    school = school_get()
    summary.approved_by = user
    summary.approved_at = timezone.now()
    # Frozen with the approval: the document keeps the director who signed it.
    with translation.override(settings.LANGUAGE_CODE):  # the document's language, whoever clicks
        summary.approver_post = _("Director")
    summary.approver_organization = school.short_name if school else ""
    summary.approver_name = (school.director if school else "") or user.get_full_name() or user.get_username()
    summary.full_clean()
    # The PDF is laid out again with the approval block («УТВЕРЖДАЮ», post, name, date) by the task, after
    # commit; the indicators are the stored ones, the file is replaced atomically once the new one is ready.
    summary.status = Status.QUEUED
    summary.error = ""
    summary.requested_at = timezone.now()
    summary.save(
        update_fields=[
            "approved_by",
            "approved_at",
            "approver_post",
            "approver_organization",
            "approver_name",
            "status",
            "error",
            "requested_at",
        ]
    )
    summary.enqueue_failed = None
    transaction.on_commit(lambda: _enqueue(summary))
    return summary


def monitoring_dates_due(*, today: datetime.date | None = None) -> list[datetime.date]:
    """Every monitoring date from the start of the first roadmap period up to today (a later period, e.g.
    2025–2030, continues the same programme)."""
    today = today or timezone.localdate()
    periods = programmes()
    if not periods:
        return []
    programme = periods[0]

    start = programme.starts_on or datetime.date(programme.start_year, 1, 1)
    return [d for year in range(start.year, today.year + 1) for d in monitoring_dates(year) if start <= d <= today]


def summary_dates_missing(*, today: datetime.date | None = None) -> list[datetime.date]:
    """Monitoring dates since the programme's start with no generated summary (for the catch-up)."""
    dates = monitoring_dates_due(today=today)
    done = set(AnalyticSummary.objects.filter(as_of__in=dates, status=Status.DONE).values_list("as_of", flat=True))
    return [d for d in dates if d not in done]


def summaries_requeue_stale(
    *,
    now: datetime.datetime | None = None,
    queued_for: datetime.timedelta | None = None,
    generating_for: datetime.timedelta | None = None,
) -> list[datetime.date]:
    """Send again the summaries whose task was lost; returns the dates sent. Idempotent.

    A summary is lost when it has been queued for more than `queued_for` (the broker was down when it
    was requested, or Redis was restarted and lost its queue) or generating for more than
    `generating_for` (its worker died and its message is gone). A summary still waiting for a busy
    worker may be sent twice: the task does nothing for a summary that is done. Defaults:
    settings.JOBS_REQUEUE_QUEUED_MINUTES and JOBS_REQUEUE_RUNNING_MINUTES.
    """
    now = now or timezone.now()
    if queued_for is None:
        queued_for = datetime.timedelta(minutes=settings.JOBS_REQUEUE_QUEUED_MINUTES)
    if generating_for is None:
        generating_for = datetime.timedelta(minutes=settings.JOBS_REQUEUE_RUNNING_MINUTES)
    stale = list(
        AnalyticSummary.objects.filter(
            models.Q(status=Status.QUEUED, requested_at__lte=now - queued_for)
            | models.Q(status=Status.GENERATING, requested_at__lte=now - generating_for)
            | models.Q(status__in=[Status.QUEUED, Status.GENERATING], requested_at__isnull=True)
        ).order_by("as_of")
    )
    sent = []
    for summary in stale:
        if not _enqueue(summary):
            break  # the broker is still down: the next run tries again
        # Sent again: the clock starts anew, so the next run does not send it once more.
        AnalyticSummary.objects.filter(pk=summary.pk).update(requested_at=now)
        sent.append(summary.as_of)
    if sent:
        logger.info("Summaries sent again to the queue: %s", ", ".join(f"{d:%d.%m.%Y}" for d in sent))
    return sent


def summary_request_due(*, today: datetime.date | None = None) -> AnalyticSummary:
    """Celery beat, 20 June and 20 December at 06:00: queue the summary of the latest monitoring date."""
    today = today or timezone.localdate()
    summary, _queued = summary_request(as_of=last_monitoring_date(today))
    return summary
