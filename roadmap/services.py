"""Writes to the roadmap. Views, tasks and commands call these; each one validates with full_clean()."""

import datetime
import logging
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from config import files
from config.mail import send_once
from config.storage import delete_file_on_commit

from .models import Activity, Evidence, Occurrence, Programme, ReminderLog, Section
from .statuses import Status

logger = logging.getLogger(__name__)

_Row = TypeVar("_Row", bound=models.Model)

REMIND_DAYS_BEFORE = 7
# Overdue reminders only for occurrences that fell due this recently, so a first run over old
# data (or a worker that was down) does not mail years of history.
OVERDUE_REMINDER_WINDOW_DAYS = 7


def _save(instance: _Row) -> _Row:
    instance.full_clean()
    instance.save()
    return instance


# The longest roadmap period: the target model's concepts run for five or six years.
PROGRAMME_MAX_YEARS = 10
PROGRAMME_YEARS_AHEAD = 10


def programme_rule_errors(*, programme: Programme, today: datetime.date | None = None) -> dict[str, list[str]]:
    """The rules of a roadmap period: sensible years (from the programme's first year, `PROGRAMME_FIRST_YEAR`,
    to ten years ahead; at most ten years long; the last not before the first) and no overlap with another
    period. {field: [messages]}, empty when the period is right."""
    today = today or timezone.localdate()
    start, end = programme.start_year, programme.end_year
    if start is None or end is None:
        return {}
    earliest, latest = settings.PROGRAMME_FIRST_YEAR, today.year + PROGRAMME_YEARS_AHEAD
    errors: dict[str, list[str]] = {}
    for field, year in (("start_year", start), ("end_year", end)):
        if not earliest <= year <= latest:
            errors[field] = [
                _("A roadmap period lies between %(earliest)s and %(latest)s.")
                % {"earliest": earliest, "latest": latest}
            ]
    if errors:
        return errors
    if end < start:
        return {"end_year": [_("The last year cannot come before the first one.")]}
    if end - start + 1 > PROGRAMME_MAX_YEARS:
        return {"end_year": [_("A roadmap period is at most %(years)s years long.") % {"years": PROGRAMME_MAX_YEARS}]}
    overlapping = (
        Programme.objects.exclude(pk=programme.pk)
        .filter(start_year__lte=end, end_year__gte=start)
        .order_by("start_year")
    )
    other = overlapping.first()
    if other is not None:
        return {
            "start_year": [
                _("The years overlap the roadmap %(period)s: a new period starts after %(end)s.")
                % {"period": str(other), "end": other.end_year}
            ]
        }
    if programme.starts_on is not None and not start <= programme.starts_on.year <= end:
        return {"starts_on": [_("The start date lies within the period's years.")]}
    return errors


def _save_programme(programme: Programme) -> Programme:
    # Every period is locked first: two periods saved at once cannot both pass the overlap rule.
    list(Programme.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    errors = programme_rule_errors(programme=programme)
    if errors:
        raise ValidationError(errors)
    return _save(programme)


@transaction.atomic
def programme_create(*, data: dict) -> Programme:
    """Open a new roadmap period (e.g. 2025–2030): title and years; its sections and activities follow.

    The period must not overlap another one; the roadmap pages show the period that covers today's year.
    """
    programme = Programme(**data)
    return _save_programme(programme)


@transaction.atomic
def programme_update(*, programme: Programme, data: dict) -> Programme:
    for field, value in data.items():
        setattr(programme, field, value)
    _save_programme(programme)
    for activity in Activity.objects.filter(section__programme=programme):
        occurrences_sync(activity=activity)
    return programme


@transaction.atomic
def section_save(*, section: Section, data: dict) -> Section:
    for field, value in data.items():
        setattr(section, field, value)
    return _save(section)


# How to find the evidence under each roadmap row: deleting the row deletes them (cascade), and their files.
_EVIDENCE_UNDER = {
    Programme: "occurrence__activity__section__programme",
    Section: "occurrence__activity__section",
    Activity: "occurrence__activity",
    Occurrence: "occurrence",
    Evidence: "pk",
}


@transaction.atomic
def roadmap_row_delete(*, row: Programme | Section | Activity | Occurrence | Evidence) -> None:
    """Delete a programme, section, activity, occurrence or evidence with everything under it; the
    evidence files leave the disk when the transaction commits (a rollback keeps them)."""
    lookup = _EVIDENCE_UNDER[type(row)]
    storage = Evidence._meta.get_field("file").storage
    for name in Evidence.objects.filter(**{lookup: row.pk}).exclude(file="").values_list("file", flat=True):
        delete_file_on_commit(storage=storage, name=name)
    row.delete()


@transaction.atomic
def activity_save(*, activity: Activity, data: dict) -> Activity:
    """Create or change an activity and unfold its schedule into occurrences."""
    users = data.pop("responsible_users", None)
    for field, value in data.items():
        setattr(activity, field, value)
    _save(activity)
    if users is not None:
        activity.responsible_users.set(users)
    occurrences_sync(activity=activity)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    roadmap_row_delete(row=activity)


@transaction.atomic
def occurrences_sync(*, activity: Activity) -> None:
    """Bring the occurrences in line with the schedule and the programme's years.

    New dates are added; dates the schedule no longer has are removed only while nothing was
    recorded on them (still planned, no evidence), so work already done is never lost.
    """
    programme = activity.section.programme
    slots = activity.schedule.unfold(
        start_year=programme.start_year, end_year=programme.end_year, starts_on=programme.starts_on
    )
    wanted = {slot.due_on: slot for slot in slots}
    existing = {occ.due_on: occ for occ in activity.occurrences.all()}
    for due_on, occurrence in existing.items():
        slot = wanted.get(due_on)
        if slot is None:
            if occurrence.status == Status.PLANNED and not occurrence.evidence.exists():
                occurrence.delete()
        elif occurrence.starts_on != slot.starts_on:
            occurrence.starts_on = slot.starts_on
            _save(occurrence)
    Occurrence.objects.bulk_create(
        Occurrence(activity=activity, starts_on=slot.starts_on, due_on=slot.due_on)
        for due_on, slot in wanted.items()
        if due_on not in existing
    )


def completion_date_errors(
    *, occurrence: Occurrence, completed_on: datetime.date, today: datetime.date | None = None
) -> list[str]:
    """The completion date rule: not in the future, and not before 1 January of the year the occurrence
    starts in (work for a step may begin early in its year, never in an earlier one)."""
    today = today or timezone.localdate()
    if completed_on > today:
        return [_("The completion date cannot be in the future.")]
    earliest = datetime.date(occurrence.starts_on.year, 1, 1)
    if completed_on < earliest:
        return [_("The completion date cannot be before %(date)s.") % {"date": earliest.strftime("%d.%m.%Y")}]
    return []


@transaction.atomic
def occurrence_update(
    *, occurrence: Occurrence, status: str, note: str | None = None, completed_on: datetime.date | None = None
) -> Occurrence:
    """Set an occurrence's status (and note). Done takes its completion date: `completed_on`, else the one
    already recorded, else today (`completion_date_errors` states the rule); other statuses clear it."""
    if status == Status.OVERDUE:
        raise ValidationError({"status": _("«Overdue» follows from the date and cannot be set.")})
    occurrence.status = status
    if note is not None:
        occurrence.note = note
    if status == Status.DONE:
        completed_on = completed_on or occurrence.completed_on or timezone.localdate()
        errors = completion_date_errors(occurrence=occurrence, completed_on=completed_on)
        if errors:
            raise ValidationError({"completed_on": errors})
        occurrence.completed_on = completed_on
    else:
        occurrence.completed_on = None
    return _save(occurrence)


# Evidence is downloaded and opened by other staff: office documents and pictures only, never
# executables, HTML, SVG, scripts or archives.
EVIDENCE_KINDS = files.ALL_KINDS
ACCEPTED_LABELS = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF"


def max_upload_bytes() -> int:
    return settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(uploaded_file: UploadedFile) -> files.FileKind:
    """The accepted FileKind of an upload; ValidationError if it is too big or not an accepted type."""
    # An upload always has a size and a name; the stubs allow None for both.
    if uploaded_file.size > max_upload_bytes():  # type: ignore[operator]
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB}, code="too_big"
        )
    kind = files.identify(uploaded_file, uploaded_file.name)  # PictureTooLarge for a decompression bomb
    if kind not in EVIDENCE_KINDS:
        raise ValidationError(
            _("This file type is not accepted. Accepted: %(types)s.") % {"types": ACCEPTED_LABELS},
            code="file_type",
        )
    return kind


@transaction.atomic
def evidence_add_file(
    *, occurrence: Occurrence, uploaded_file: UploadedFile, comment: str = "", user: User | None = None
) -> Evidence:
    kind = check_upload(uploaded_file)
    evidence = Evidence(
        occurrence=occurrence,
        original_name=_safe_name(uploaded_file.name, kind),  # type: ignore[arg-type]  # see check_upload
        content_type=kind.content_type,
        size=uploaded_file.size,
        comment=comment,
        added_by=user,
    )
    evidence.extension = kind.extension
    evidence.file.save(evidence.original_name, uploaded_file, save=False)
    try:
        return _save(evidence)
    except Exception:
        # The row was not written, so the stored file must not be left behind.
        evidence.file.delete(save=False)
        raise


@transaction.atomic
def evidence_add_link(*, occurrence: Occurrence, url: str, comment: str = "", user: User | None = None) -> Evidence:
    return _save(Evidence(occurrence=occurrence, url=url, comment=comment, added_by=user))


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    roadmap_row_delete(row=evidence)


def _safe_name(name: str, kind: files.FileKind) -> str:
    # Only for the download header: no path, no control characters, the extension of the real type.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip() or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:200]}{kind.extension}"


def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the responsible users about occurrences due within a week and about newly overdue ones.

    Each (occurrence, event) goes out once: the log row is written in the same transaction as the
    sending, so a failed send is retried on the next run and a sent one is never repeated.
    """
    today = today or timezone.localdate()
    soon = Occurrence.objects.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(REMIND_DAYS_BEFORE))
    overdue = Occurrence.objects.filter(
        due_on__lt=today, due_on__gte=today - datetime.timedelta(OVERDUE_REMINDER_WINDOW_DAYS)
    )
    sent = 0
    for event, queryset in ((ReminderLog.Event.DUE_SOON, soon), (ReminderLog.Event.OVERDUE, overdue)):
        candidates = (
            queryset.exclude(status=Status.DONE)
            .exclude(reminders__event=event)
            .select_related("activity__section")
            .prefetch_related("activity__responsible_users")
            .order_by("due_on", "pk")
        )
        for occurrence in candidates:
            if _remind(occurrence=occurrence, event=event, today=today):
                sent += 1
    return sent


def _remind(*, occurrence: Occurrence, event: str, today: datetime.date) -> bool:
    recipients = sorted({u.email for u in occurrence.activity.responsible_users.all() if u.is_active and u.email})
    if not recipients:
        return False

    def claim() -> bool:
        ReminderLog.objects.create(occurrence=occurrence, event=event, recipients=", ".join(recipients))
        return True

    def letter() -> tuple[str, str]:
        context = {
            "occurrence": occurrence,
            "activity": occurrence.activity,
            "days_left": (occurrence.due_on - today).days,
            "event": event,
        }
        if event == ReminderLog.Event.DUE_SOON:
            subject = _("Roadmap: «%(activity)s» is due on %(date)s")
        else:
            subject = _("Roadmap: «%(activity)s» is overdue since %(date)s")
        subject = subject % {
            "activity": f"{occurrence.activity.number} {occurrence.activity.title}"[:120],
            "date": occurrence.due_on.strftime("%d.%m.%Y"),
        }
        return subject, render_to_string("roadmap/email/reminder.txt", context)

    if not send_once(claim=claim, letter=letter, recipients=recipients):
        return False
    logger.info("Roadmap reminder %s for occurrence %s sent to %d", event, occurrence.pk, len(recipients))
    return True
