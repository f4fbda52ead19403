"""Many schools' reports loaded at once: a migration of past Excel collections, a region joining the hub
with its history, the benchmark (bench/hub.py, docs/scale.md).

`reports_load(documents=…)` is the bulk sibling of the single signed reception (hub/services.py): the
same document (exchange/document.py), the same rows for the roll-ups (hub/figures.indicator_rows), the
same rule of one report per school and date — but written by batches with `COPY` (config/bulk.py).

The rules:

- Every document is validated with `exchange.document.validate_document`; its school is found by the
  document's `school.code` among the hub's schools (one query per batch).
- **All or nothing per batch.** A batch (`batch` documents, 5,000 by default) is written in one
  transaction, and only if every document of it is valid, names a known school and is the only one of the
  batch for its school and date. Otherwise nothing of that batch is written and `BulkLoadError` says
  which documents (their 1-based position in `documents`) and why, in Russian; the batches before it stay
  written (`error.loaded` counts their reports), so a corrected file can simply be loaded again.
- **Idempotent per (school, date).** A report the hub already holds with the same digest is left as it
  is (not counted); one with another digest is replaced — the old report and its indicator rows deleted,
  the new one inserted with the next revision. Loading the same documents twice changes nothing.
- The report joins the campaign of its monitoring date if there is one; a bulk load is never marked late
  (a migration's reports were received long ago; lateness is the reception's judgement).
- `full_clean()` is not called row by row: the document's schema already checks every value a row takes
  from it, and the one-per-school-and-date constraint is checked above for the whole batch at once (a
  per-row `full_clean()` would cost a query per report).
"""

import datetime
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.bulk import insert_rows
from exchange.document import VERSION, digest, validate_document

from .figures import indicator_rows
from .models import Campaign, Organisation, Report, ReportIndicator

# At most this many messages are put in the error (a broken file would otherwise give thousands).
MAX_MESSAGES = 50


class BulkLoadError(ValidationError):
    """A batch refused: `messages` say which documents and why; `loaded` reports were written before it."""

    def __init__(self, messages: list[str], *, loaded: int):
        super().__init__(messages)
        self.loaded = loaded


def _chunks(documents: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def reports_load(
    *,
    documents: Iterable[dict[str, Any]],
    source: str = Report.Source.PUSH,
    received_at: datetime.datetime | None = None,
    batch: int = 5000,
) -> int:
    """Load the documents by batches; returns how many reports were written (new or replaced)."""
    if source not in Report.Source.values:
        raise ValueError(source)
    if batch < 1:
        raise ValueError(batch)
    received_at = received_at or timezone.now()
    loaded = 0
    for number, chunk in enumerate(_chunks(documents, batch)):
        loaded += _load_batch(chunk, first=number * batch, source=source, received_at=received_at, loaded=loaded)
    return loaded


def _load_batch(
    chunk: list[dict[str, Any]], *, first: int, source: str, received_at: datetime.datetime, loaded: int
) -> int:
    errors: list[str] = []

    def refuse(index: int, message: str) -> None:
        errors.append(_("Report %(number)s: %(message)s") % {"number": first + index + 1, "message": message})

    valid: list[tuple[int, dict[str, Any]]] = []
    for index, document in enumerate(chunk):
        problems = validate_document(document)
        if problems:
            for problem in problems:
                refuse(index, problem)
        else:
            valid.append((index, document))
    codes = {document["school"]["code"] for _index, document in valid}
    schools = {
        school.code: school
        for school in Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, code__in=codes).select_related(
            "parent__parent"
        )
    }
    keys: dict[tuple[int, datetime.date], int] = {}
    planned: list[tuple[Organisation, datetime.date, dict[str, Any]]] = []
    for index, document in valid:
        school = schools.get(document["school"]["code"])
        if school is None:
            refuse(index, _("the hub has no school with the code %(code)s.") % {"code": document["school"]["code"]})
            continue
        date = datetime.date.fromisoformat(document["monitoring_date"])
        if (school.pk, date) in keys:
            refuse(
                index,
                _("the same school and monitoring date as report %(number)s.")
                % {"number": first + keys[(school.pk, date)] + 1},
            )
            continue
        keys[(school.pk, date)] = index
        planned.append((school, date, document))
    if errors:
        if len(errors) > MAX_MESSAGES:
            errors = [*errors[:MAX_MESSAGES], _("… and %(count)s more.") % {"count": len(errors) - MAX_MESSAGES}]
        raise BulkLoadError(errors, loaded=loaded)
    return _write(planned, source=source, received_at=received_at)


@transaction.atomic
def _write(
    planned: list[tuple[Organisation, datetime.date, dict[str, Any]]],
    *,
    source: str,
    received_at: datetime.datetime,
) -> int:
    if not planned:
        return 0
    dates = {date for _school, date, _document in planned}
    campaigns = dict(Campaign.objects.filter(monitoring_date__in=dates).values_list("monitoring_date", "pk"))
    existing = {
        (organisation_id, date): (pk, old_digest, revision)
        for pk, organisation_id, date, old_digest, revision in Report.objects.filter(
            organisation__in={school.pk for school, _date, _document in planned}, monitoring_date__in=dates
        )
        .order_by()
        .values_list("pk", "organisation_id", "monitoring_date", "digest", "revision")
    }
    replaced: list[int] = []
    reports: list[Report] = []
    documents: list[tuple[Organisation, dict[str, Any]]] = []
    for school, date, document in planned:
        new_digest = digest(document)
        revision = 1
        old = existing.get((school.pk, date))
        if old is not None:
            if old[1] == new_digest:
                continue  # the same report: nothing to do
            replaced.append(old[0])
            revision = old[2] + 1
        reports.append(
            Report(
                organisation=school,
                monitoring_date=date,
                campaign_id=campaigns.get(date),
                version=document.get("version", VERSION),
                document=document,
                digest=new_digest,
                source=source,
                revision=revision,
                received_at=received_at,
                late=False,
            )
        )
        documents.append((school, document))
    if replaced:
        ReportIndicator.objects.filter(report_id__in=replaced).delete()
        Report.objects.filter(pk__in=replaced).only("pk").delete()  # the documents need not be read to go
    report_fields = [f.attname for f in Report._meta.concrete_fields if not f.primary_key]
    pks = insert_rows(Report, [{a: getattr(r, a) for a in report_fields} for r in reports], batch_size=1000)
    indicator_fields = [f.attname for f in ReportIndicator._meta.concrete_fields if not f.primary_key]
    rows = []
    for report, pk, (school, document) in zip(reports, pks, documents, strict=True):
        report.pk = pk
        rows.extend(
            {a: getattr(row, a) for a in indicator_fields}
            for row in indicator_rows(report=report, school=school, document=document)
        )
    insert_rows(ReportIndicator, rows, batch_size=1000, keys=False)
    return len(reports)
