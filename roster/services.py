"""The journal and the admin's imports: upload → check (dry run, the preview) → confirm → import.

Small files are checked and imported in the request; files of more than ROSTER_ASYNC_ROWS rows go to
the Celery task `run_roster_job`, queued with `transaction.on_commit`, with progress on the job.
"""

import datetime
import json
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.events import emit
from config.text import strip_forbidden

from .importer import ImportResult, RowError, plan_json, roster_apply_plan, roster_import
from .models import RosterJob
from .reading import estimate_rows
from .safety import RosterFileError, check_extension, check_file, check_size

UPLOAD_DIR = "roster"
logger = logging.getLogger(__name__)


def private_path(relative: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / relative


def _store_upload(upload: UploadedFile, ext: str) -> str:
    relative = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{ext}"
    path = private_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return relative


def _journal_name(name: str | Path) -> str:
    """A file or sheet name as the journal keeps it: no path, none of the characters the text policy refuses."""
    return strip_forbidden(Path(name).name, multiline=False)[:255]


def plan_path(stored_file: str) -> Path:
    """Where the preview keeps what the confirm will write: next to the uploaded file, as private, and
    removed with it (confirm, cancel, expiry, failure, purge)."""
    return private_path(f"{stored_file}.plan.json")


def _plan_path(job: RosterJob) -> Path:
    return plan_path(job.stored_file)


def _remove_file(job: RosterJob) -> None:
    if job.stored_file:
        private_path(job.stored_file).unlink(missing_ok=True)
        _plan_path(job).unlink(missing_ok=True)
        job.stored_file = ""


def _keep_plan(job: RosterJob, result: ImportResult) -> None:
    if result.plan is not None:
        with _plan_path(job).open("w", encoding="utf-8") as f:
            plan_json(result.plan, f)


def _apply_kept_plan(job: RosterJob) -> ImportResult | None:
    """The confirm of a preview that kept its plan: the plan is written unless the registry changed since
    (then None, and the file is imported again with every row checked)."""
    path = _plan_path(job)
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        plan = json.load(f)
    result = roster_apply_plan(plan=plan)
    if result is not None:
        result.created, result.updated, result.unchanged = job.created, job.updated, job.unchanged
        result.preview, result.warnings = job.preview, [RowError(**w) for w in job.warnings]
        result.skipped = job.skipped
    return result


def roster_upload(*, user: User | None, kind: str, upload: UploadedFile, sheet: str = "") -> RosterJob:
    """Record the upload, check the file's safety and start the check (the preview) of its rows."""
    job = RosterJob.objects.create(kind=kind, user=user, file_name=_journal_name(upload.name or ""), sheet=sheet)
    try:
        ext = check_extension(upload.name)
        check_size(upload.size)
        job.stored_file = _store_upload(upload, ext)
        check_file(private_path(job.stored_file), upload.name)
    except RosterFileError as exc:
        _remove_file(job)
        _finish(job, RosterJob.Status.FAILED, message=exc.message)
        return job
    job.rows_total = estimate_rows(private_path(job.stored_file), ext, sheet or None)
    job.save()
    _start(job)
    return job


def roster_confirm(*, job: RosterJob) -> RosterJob:
    """The admin saw the preview and confirms: import for real (same file, same checks again)."""
    updated = RosterJob.objects.filter(pk=job.pk, status=RosterJob.Status.PREVIEW).update(
        stage=RosterJob.Stage.IMPORT, status=RosterJob.Status.QUEUED, rows_done=0
    )
    job.refresh_from_db()
    if updated:
        _start(job)
        job.refresh_from_db()
    return job


def roster_cancel(*, job: RosterJob) -> RosterJob:
    if job.status == RosterJob.Status.PREVIEW:
        _remove_file(job)
        _finish(job, RosterJob.Status.CANCELLED, message=_("Cancelled: nothing was imported."))
    return job


def roster_previews_expire(*, now: datetime.datetime | None = None) -> int:
    """Previews nobody confirmed within ROSTER_PREVIEW_DAYS: the uploaded file and the preview's rows (names,
    dates of birth) go, the job ends «cancelled». Celery beat runs it daily; returns how many expired."""
    now = now or timezone.now()
    expired = 0
    cutoff = now - datetime.timedelta(days=settings.ROSTER_PREVIEW_DAYS)
    for job in RosterJob.objects.filter(status=RosterJob.Status.PREVIEW, created_at__lte=cutoff):
        with transaction.atomic():
            job = RosterJob.objects.select_for_update().get(pk=job.pk)
            if job.status != RosterJob.Status.PREVIEW:
                continue
            _remove_file(job)
            job.preview, job.warnings, job.skipped = [], [], []
            message = _("Expired: the preview was not confirmed within %(days)d days; nothing was imported.")
            _finish(job, RosterJob.Status.CANCELLED, message=message % {"days": settings.ROSTER_PREVIEW_DAYS})
            expired += 1
    return expired


def _send(job_id: int) -> bool:
    """Send the job to the worker; with the broker down, log it and leave the job queued: the recovery
    (`roster_jobs_requeue_stale`, Celery beat) sends it once the broker is back."""
    from .tasks import run_roster_job

    try:
        run_roster_job.delay(job_id)
    except Exception:  # the broker's errors (kombu OperationalError, redis ConnectionError, OSError…)
        logger.warning("Roster job %s: the broker is unavailable, it stays queued", job_id, exc_info=True)
        return False
    return True


def _start(job: RosterJob) -> None:
    if (job.rows_total or 0) > settings.ROSTER_ASYNC_ROWS:
        transaction.on_commit(lambda: _send(job.pk))
    else:
        roster_job_run(job_id=job.pk)


def roster_jobs_requeue_stale(
    *, now: datetime.datetime | None = None, queued_for: datetime.timedelta | None = None
) -> list[int]:
    """Send again the jobs queued for more than `queued_for` (default settings.JOBS_REQUEUE_QUEUED_MINUTES):
    their task was lost (the broker was down, Redis restarted). Returns the ids sent. Idempotent: a job
    runs only from «queued» (an atomic claim), so a duplicate task does nothing."""
    now = now or timezone.now()
    if queued_for is None:
        queued_for = datetime.timedelta(minutes=settings.JOBS_REQUEUE_QUEUED_MINUTES)
    ids = list(
        RosterJob.objects.filter(status=RosterJob.Status.QUEUED, created_at__lte=now - queued_for)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = []
    for job_id in ids:
        if not _send(job_id):
            break
        sent.append(job_id)
    if sent:
        logger.info("Roster jobs sent again to the queue: %s", sent)
    return sent


def _finish(job: RosterJob, status: str, message: str = "") -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    if status != RosterJob.Status.CANCELLED:
        # Ids only (config/events.py); delivered on commit, so a rolled-back run announces nothing.
        emit("roster_import_finished", job_id=job.pk, user_id=job.user_id)


class _ProgressWriter:
    """Writes progress to the job from a connection of its own, so it shows while the import's
    transaction is still open (PostgreSQL). Elsewhere (SQLite, the embedded portal, where the import
    runs in the request anyway) progress is written when the job ends."""

    def __init__(self, job: RosterJob) -> None:
        self.job = job
        self.side = connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor == "postgresql" else None

    def __call__(self, done: int, total: int) -> None:
        self.job.rows_done, self.job.rows_total = done, total
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {RosterJob._meta.db_table} SET rows_done = %s, rows_total = %s WHERE id = %s",  # noqa: S608
                    [done, total, self.job.pk],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def roster_job_run(*, job_id: int) -> RosterJob | None:
    """Run the job's stage once: a second call (a redelivered task) finds it no longer queued."""
    claimed = RosterJob.objects.filter(pk=job_id, status=RosterJob.Status.QUEUED).update(
        status=RosterJob.Status.RUNNING, started_at=timezone.now()
    )
    job = RosterJob.objects.filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    check = job.stage == RosterJob.Stage.CHECK
    writer = _ProgressWriter(job)
    try:
        with transaction.atomic():
            result = None if check else _apply_kept_plan(job)
            if result is None:
                result = roster_import(
                    kind=job.kind,
                    path=private_path(job.stored_file),
                    file_name=job.file_name,
                    sheet=job.sheet or None,
                    dry_run=check,
                    progress=writer,
                )
            if check and not result.errors:
                _keep_plan(job, result)
            _record(job, result)
            if result.errors:
                _remove_file(job)
                _finish(job, RosterJob.Status.FAILED, message=result.file_error or _rows_message(result))
            elif check:
                _finish(job, RosterJob.Status.PREVIEW, message=result.sheet_note())
            else:
                _remove_file(job)
                _finish(job, RosterJob.Status.DONE, message=result.sheet_note())
    except Exception as exc:
        # Nothing was written (the transaction rolled back); the journal shows the error.
        logger.exception("Roster job %s failed", job_id)
        job.refresh_from_db()
        _remove_file(job)
        _finish(job, RosterJob.Status.FAILED, message=_("The import failed: %(error)s") % {"error": exc})
    finally:
        writer.close()
    return job


def _rows_message(result: ImportResult) -> str:
    return _("The file has errors (%(count)d): nothing was imported.") % {"count": len(result.errors)}


def _record(job: RosterJob, result: ImportResult) -> None:
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.errors = [e.as_dict() for e in result.errors if e.row is not None]
    job.warnings = [w.as_dict() for w in result.warnings]
    job.skipped = result.skipped
    job.preview = result.preview
    job.rows_done = result.rows or job.rows_done


def import_recorded(
    *,
    kind: str,
    path: str | Path,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    user: User | None = None,
) -> ImportResult:
    """The command line's import: runs the service and records it in the journal."""
    job = RosterJob.objects.create(
        kind=kind,
        user=user,
        file_name=_journal_name(path),
        sheet=strip_forbidden(sheet or "", multiline=False)[:100],
        dry_run=dry_run,
        source=RosterJob.Source.COMMAND,
        stage=RosterJob.Stage.CHECK if dry_run else RosterJob.Stage.IMPORT,
        status=RosterJob.Status.RUNNING,
        started_at=timezone.now(),
    )
    try:
        result = roster_import(kind=kind, path=path, sheet=sheet, dry_run=dry_run, progress=progress)
    except Exception as exc:
        # Nothing was written (the import's transaction rolled back); the job must not stay «running».
        logger.exception("Roster import from the command line failed (job %s)", job.pk)
        _finish(job, RosterJob.Status.FAILED, message=_("The import failed: %(error)s") % {"error": exc})
        raise
    _record(job, result)
    if result.errors:
        _finish(job, RosterJob.Status.FAILED, message=result.file_error or _rows_message(result))
    else:
        _finish(job, RosterJob.Status.DONE, message=_("Dry run: nothing was written.") if dry_run else "")
    return result


def export_recorded(*, kind: str, user: User | None, file_name: str, rows: int) -> RosterJob:
    now = timezone.now()
    return RosterJob.objects.create(
        action=RosterJob.Action.EXPORT,
        kind=kind,
        user=user,
        file_name=file_name,
        stage=RosterJob.Stage.IMPORT,
        status=RosterJob.Status.DONE,
        rows_total=rows,
        rows_done=rows,
        started_at=now,
        finished_at=now,
    )


def journal(limit: int = 100) -> list[RosterJob]:
    return list(RosterJob.objects.select_related("user")[:limit])
