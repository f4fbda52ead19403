"""The roster import service: one call for the admin, the command line and the background task.

The formats, the header rules and what an import does with each row are stated in docs/roster.md.

`roster_import` checks the file (safety), finds the header, reads every row, matches it to the
registry, validates it with the registry's own rules and writes everything in one transaction, or
nothing at all when a single row is wrong (or on a dry run).

People go through a validated bulk path: each row is checked by `services.person_validate` (the very
checks of `person_save`, `full_clean()` included) and the roster ID's uniqueness is checked in memory
for the whole file; then rows are written with `bulk_create`/`bulk_update` in chunks. Organisations and
mentorships (a few hundred rows at most) go row by row through `organization_save`,
`mentorship_create` and `mentorship_update`, so the mentorship rules (`rules.mentorship_errors`) see
the rows imported before them.
"""

import datetime
import json
import operator
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config.bulk import insert_columns, insert_rows
from config.text import strip_forbidden
from config.validation import RowChecks
from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, Organization, Person, RoleModel
from mentorship.search import person_search_name
from mentorship.services import (
    PERSON_RULE_FIELDS,
    mentorship_create,
    mentorship_update,
    organization_save,
    organization_validate,
    person_rules,
    person_validate,
)

from .columns import KINDS
from .parsing import (
    CellError,
    career_start_from_years,
    clean_multiline,
    clean_text,
    fold,
    is_footer_line,
    normalize_dashes,
    parse_categories,
    parse_class,
    parse_date,
    parse_key,
    parse_reference,
    parse_years,
    parse_yes_no,
    split_full_name,
    split_list,
)
from .reading import open_table
from .safety import RosterFileError, check_file

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
PREVIEW_LIMIT = 500
NAME_FIELDS = ("last_name", "first_name", "patronymic")
INVALID = object()
MEMO_LIMIT = 50_000  # distinct cells remembered per parser and import
_MISSING = object()


@dataclass
class RowError:
    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        return _("row %(row)d, column «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # RowErrors that do not stop the import (an empty date of birth)
    skipped: list = field(default_factory=list)  # [row, text] of the totals and signature lines after the table
    preview: list = field(default_factory=list)  # [row, action, label] of the first PREVIEW_LIMIT rows
    plan: dict | None = None  # what a dry run would write, for the confirm to apply (people only)
    sheet: str = ""  # the workbook's sheet that was read ("" for CSV)
    sheets: tuple = ()  # all the workbook's worksheets

    @property
    def ok(self):
        return not self.errors

    @property
    def file_error(self):
        return next((e.message for e in self.errors if e.row is None), "")

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged

    def summary(self):
        return _("created %(created)d, updated %(updated)d, unchanged %(unchanged)d") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def report_lines(self):
        """The lines the command prints after the summary: the rows skipped, then every warning."""
        lines = []
        if self.skipped:
            rows = ", ".join(str(row) for row, _text in self.skipped)
            lines.append(_("skipped as totals or signatures: rows %(rows)s") % {"rows": rows})
        lines += [_("warning: %(warning)s") % {"warning": w} for w in self.warnings]
        return lines

    def sheet_note(self):
        """Which sheet was read and which others the workbook has (for the job's message)."""
        if not self.sheet:
            return ""
        others = [s for s in self.sheets if s != self.sheet]
        note = _("Read the sheet «%(sheet)s».") % {"sheet": self.sheet}
        if others:
            note += " " + _("Other sheets: %(sheets)s.") % {"sheets": ", ".join(f"«{s}»" for s in others)}
        return note

    def record(self, row, action, label):
        if action == CREATED:
            self.created += 1
        elif action == UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1
        if len(self.preview) < PREVIEW_LIMIT:
            self.preview.append([row, action, label])


class Progress:
    """Calls `callback(done, total)` every `every` rows or `seconds`, and once at the end."""

    def __init__(self, callback, total, every=250, seconds=1.0):
        self.callback, self.total, self.every, self.seconds = callback, total, every, seconds
        self.done, self._last_done, self._last_time = 0, 0, time.monotonic()

    def step(self):
        self.done += 1
        if self.callback is None or self.done - self._last_done < self.every:
            return
        now = time.monotonic()
        if now - self._last_time >= self.seconds or self.done - self._last_done >= 20 * self.every:
            self._report(now)

    def _report(self, now=None):
        self._last_done, self._last_time = self.done, now or time.monotonic()
        total = max(self.total or 0, self.done)
        self.callback(self.done, total)

    def finish(self):
        if self.callback is not None:
            self.total = self.done
            self._report()


def roster_import(*, kind, path, file_name=None, sheet=None, dry_run=False, progress=None, today=None):
    """Import the roster file at `path`; returns an ImportResult (errors, or the counts written)."""
    spec = KINDS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        ext = check_file(path, file_name)
        with open_table(path, ext, spec, sheet) as table:
            result.sheet, result.sheets = table.sheet, table.sheets
            importer = IMPORTERS[kind](spec, table.header, result, today or timezone.localdate())
            tracker = Progress(progress, table.total_rows)
            with transaction.atomic():
                importer.run(table.rows, tracker)
                if result.errors or dry_run:
                    transaction.set_rollback(True)
            tracker.finish()
    except RosterFileError as exc:
        result.errors = [RowError(None, "", exc.message)]
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def footer_text(cells, limit=200):
    """A skipped row as the preview lists it: its cells, joined; what the text policy refuses is dropped."""
    text = " ".join(clean_text(c) for c in cells if c is not None and clean_text(c))
    return strip_forbidden(text, multiline=False)[:limit]


def plan_json(plan, stream):
    """Write a preview's plan (`ImportResult.plan`, by column, dates as day numbers) as JSON."""
    json.dump(plan, stream, ensure_ascii=False, separators=(",", ":"))


def _day(value):
    return datetime.date.fromordinal(value) if value is not None else None


def registry_fingerprint(models=None):
    """The state of what an import reads (default: a people import's — the people, their organisations and the
    categories): rows counted, the last id and the last change of each. Any edit, addition or deletion in
    between changes it."""
    fingerprint = []
    model: Any
    for model in models or (Person, Organization, MenteeCategory):
        aggregates = {"count": Count("pk"), "last": Max("pk")}
        if any(f.name == "updated_at" for f in model._meta.fields):
            aggregates["changed"] = Max("updated_at")
        values = model.objects.order_by().aggregate(**aggregates)
        fingerprint.append([values["count"], values["last"], str(values.get("changed"))])
    return fingerprint


def roster_apply_plan(*, plan) -> ImportResult | None:
    """Write what a preview computed (`ImportResult.plan`), in one transaction; None when the registry changed
    since the preview (its fingerprint differs): the caller then imports the file again, checking every row."""
    kind = plan["kind"]
    importer = IMPORTERS[kind](KINDS[kind], {}, ImportResult(kind=kind), timezone.localdate())
    try:
        with transaction.atomic():
            if plan.get("fingerprint") != registry_fingerprint(importer.reads()):
                return None
            importer.apply_plan(plan)
    except ValidationError:
        # A rule the preview saw kept broke on the confirm (nothing of it was written): check everything again.
        return None
    return importer.result


class BaseImporter:
    # Model field → the column its validation errors are reported against.
    FIELD_COLUMNS: dict[str, str] = {}
    # What the import reads: the preview's fingerprint of them must still hold when the confirm applies its plan.
    READS: tuple = (Person, Organization, MenteeCategory)

    def reads(self):
        return self.READS

    def apply_plan(self, plan):  # the confirm writes what the preview kept
        raise NotImplementedError

    def row(self, number, cells):  # each kind of roster reads its rows
        raise NotImplementedError

    def __init__(self, spec, header, result, today):
        self.spec, self.header, self.result, self.today = spec, header, result, today
        self.index = {key: index for key, (index, _title) in header.items()}
        self.memo: dict = {parser: {} for parser in (parse_date, parse_class, parse_yes_no, parse_years)}

    def has(self, key):
        return key in self.header

    def title(self, key):
        """Errors name the column by its title in the spec, whatever synonym or case the file used."""
        return self.spec.by_key[key].title

    def cell(self, cells, key):
        try:
            return cells[self.index[key]]
        except (KeyError, IndexError):  # a column the file has not, a short row
            return None

    def text(self, cells, key):
        return clean_text(self.cell(cells, key))

    def portal_key(self, cells):
        """The «Код в портале» of the portal's own export (a record's pk), None when absent or not a number: it
        only tells namesakes apart among the records a row matches anyway, never points a row elsewhere."""
        if "portal_key" not in self.header:
            return None
        return parse_key(self.cell(cells, "portal_key"))

    def error(self, row, key, message):
        # A message may quote the cell: what the text policy refuses (a terminal escape, a direction override)
        # is dropped, so that neither the page nor the command line's output shows it.
        self.result.errors.append(RowError(row, self.title(key), strip_forbidden(str(message))))

    def parse(self, row, cells, key, parser, *args):
        try:
            value = cells[self.index[key]]  # `self.cell`, without a call: three cells of every row come here
        except (KeyError, IndexError):
            value = None
        memo = self.memo.get(parser) if not args and value.__class__ is not bool else None  # True == 1
        if memo is None:
            outcome = self._parsed(parser, value, *args)
        else:
            # A school's file repeats its values (classes, dates of birth, the date joined): each distinct cell
            # is parsed once per import; the outcome, value or error, is the parser's own.
            try:
                outcome = memo[value]
            except KeyError:
                outcome = self._parsed(parser, value)
                if len(memo) < MEMO_LIMIT:
                    memo[value] = outcome
            except TypeError:  # an unhashable cell: never from the readers, but then parse it as it is
                outcome = self._parsed(parser, value)
        if isinstance(outcome, CellError):
            self.error(row, key, outcome)
            return INVALID
        return outcome

    @staticmethod
    def _parsed(parser, value, *args):
        try:
            return parser(value, *args)
        except CellError as exc:
            return exc

    def validation_errors(self, row, exc, default_key):
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.error(row, default_key, message)
            return
        for model_field, messages in exc.message_dict.items():
            key = self.FIELD_COLUMNS.get(model_field, default_key)
            if model_field == NON_FIELD_ERRORS or not self.has(key):
                key = default_key
            for message in messages:
                self.error(row, key, message)

    def warn(self, row, key, message):
        self.result.warnings.append(RowError(row, self.title(key), strip_forbidden(str(message))))

    def is_record(self, cells):
        """A row with values in at least two of the header's columns reads as a record, not as a footer."""
        filled = 0
        for index, _title in self.header.values():
            if index < len(cells) and clean_text(cells[index]):
                filled += 1
        return filled >= 2

    def run(self, rows, progress):
        """Every row is imported, except the footer: the rows after the table that are totals, signatures,
        the seal or a date line (and whatever follows them that is not a record). A footer-like row with
        records after it is inside the table, so it is imported (and is most likely an error)."""
        self.prepare()
        tail: list = []
        for number, cells in rows:
            if is_footer_line(cells) or (tail and not self.is_record(cells)):
                tail.append((number, cells))
                progress.step()
                continue
            for held in tail:
                self.row(*held)
            tail = []
            self.row(number, cells)
            progress.step()
        self.result.skipped = [[number, footer_text(cells)] for number, cells in tail]
        self.finish()

    def prepare(self):
        pass

    def finish(self):
        pass


# --- People: students, teachers, external mentors ------------------------------------------------


class PersonImporter(BaseImporter):
    person_kind: str = ""
    CHUNK = 5000  # rows validated together (column by column) and written by one COPY
    COMMON_FIELDS: tuple[str, ...] = (
        "roster_id",
        "last_name",
        "first_name",
        "patronymic",
        "birth_date",
        "date_joined",
        "date_left",
    )
    KIND_FIELDS: tuple[str, ...] = ()
    DATE_COLUMNS: tuple[tuple[str, str], ...] = ()  # (column key, model field) read as plain dates
    TEXT_COLUMNS: tuple[tuple[str, str], ...] = ()  # (column key, model field) read as plain text
    REQUIRED_VALUES: dict[str, str] = {}  # column key → message when the cell is empty
    FIELD_COLUMNS = {
        "roster_id": "roster_id",
        "last_name": "last_name",
        "first_name": "first_name",
        "patronymic": "patronymic",
        "birth_date": "birth_date",
        "date_joined": "date_joined",
        "date_left": "date_left",
    }

    @property
    def fields(self):
        return (*self.COMMON_FIELDS, *self.KIND_FIELDS)

    @property
    def name_key(self):
        return "full_name" if self.has("full_name") else "last_name"

    def column_of(self, model_field):
        key = self.FIELD_COLUMNS.get(model_field, self.name_key)
        if key in ("last_name", "first_name", "patronymic") and self.has("full_name"):
            return "full_name"
        return key if self.has(key) else self.name_key

    def validation_errors(self, row, exc, default_key):
        if not hasattr(exc, "error_dict"):
            return super().validation_errors(row, exc, default_key)
        for model_field, messages in exc.message_dict.items():
            for message in messages:
                self.error(row, self.column_of(model_field), message)

    def prepare(self):
        # Taken before the registry is read: a change made while the preview runs is a change since the preview.
        self.fingerprint = registry_fingerprint() if self.result.dry_run else None
        self.by_id = {}
        self.by_key = defaultdict(list)
        rows = Person.objects.values_list(
            "pk", "roster_id", "kind", "last_name", "first_name", "patronymic", "birth_date"
        ).order_by()
        for pk, roster_id, kind, last, first, patronymic, birth in rows.iterator(chunk_size=5000):
            if roster_id:
                self.by_id[roster_id] = (pk, kind)
            if kind == self.person_kind:
                self.by_key[(fold(last), fold(first), fold(patronymic), birth)].append((pk, roster_id))
        self.kind_labels = dict(Person.Kind.choices)
        self.seen_ids, self.seen_keys, self.seen_pks = {}, {}, {}
        self.pending = []
        self.date_columns = [(key, name) for key, name in self.DATE_COLUMNS if self.has(key)]
        self.required = [(key, message) for key, message in self.REQUIRED_VALUES.items() if self.has(key)]
        self.roster_id_index, self.full_name_index = self.index.get("roster_id"), self.index.get("full_name")
        self.with_portal_key = self.has("portal_key")
        self.text_columns = [(key, name) for key, name in self.TEXT_COLUMNS if self.has(key)]
        self.prepare_kind()
        self.defaults = self.row_defaults()
        self.attnames = [f.attname for f in Person._meta.concrete_fields]
        self.compared = [f if f != "organization" else "organization_id" for f in self.fields]
        self.checks = RowChecks(Person, known={"organization_id": self.known_organizations()})
        # A new row's fields the file may set; the others hold the defaults: when those pass, once, only these
        # are checked row by row, and a new row is kept as those fields (and the rules' fields) alone.
        settable = set(self.plan_fields())
        self.new_attnames: set | None = settable
        self.new_base = {a: self.defaults[a] for a in (*self.plan_fields(), *PERSON_RULE_FIELDS)}
        if self.checks.suspect(self.defaults, set(self.attnames) - settable):
            self.new_attnames, self.new_base = None, self.defaults
        # The new rows of the whole file, by column (`plan_fields`, dates as dates), written by one COPY at the
        # end (or kept in the preview's plan), and their categories (row index → category pks).
        self.new: dict[str, list] = {a: [] for a in self.plan_fields()}
        self.new_categories: dict[int, list] = {}

    def prepare_kind(self):
        pass

    def known_organizations(self):
        return ()

    def read_names(self, row, cells):
        if self.full_name_index is not None:
            try:
                return split_full_name(cells[self.full_name_index] if self.full_name_index < len(cells) else None)
            except CellError as exc:
                self.error(row, "full_name", exc)
                return None
        last, first = self.text(cells, "last_name"), self.text(cells, "first_name")
        patronymic = self.text(cells, "patronymic")
        if not last:
            self.error(row, "last_name", _("Enter the surname."))
        if not first:
            self.error(row, "first_name", _("Enter the name."))
        return (last, first, patronymic) if last and first else None

    def read_row(self, row, cells):
        """{model field: value} from the row's present columns, or None when a cell is wrong."""
        errors_before = len(self.result.errors)
        names = self.read_names(row, cells)
        values: dict = {}
        if names:
            values["last_name"], values["first_name"], values["patronymic"] = names
        for key, model_field in self.date_columns:
            values[model_field] = self.parse(row, cells, key, parse_date)
        for key, model_field in self.text_columns:
            values[model_field] = self.text(cells, key)
        for key, message in self.required:
            if values.get(self.field_of(key)) in (None, ""):
                self.error(row, key, message)
        self.read_kind(row, cells, values)
        if len(self.result.errors) > errors_before:
            return None
        return values

    def field_of(self, key):
        return dict(self.DATE_COLUMNS + self.TEXT_COLUMNS).get(key, key)

    def read_kind(self, row, cells, values):
        pass

    @staticmethod
    def name_key_of(values):
        names = (fold(values["last_name"]), fold(values["first_name"]), fold(values["patronymic"]))
        return (*names, values.get("birth_date"))

    def match(self, row, roster_id, values, portal=None):
        """The pk of the existing person this row is about, None for a new one, INVALID on a conflict."""
        # The name key (folded names and the date of birth) is computed only when there is something to compare
        # it with: people of this kind in the registry, or a row without an ID (the in-file duplicates).
        key = self.name_key_of(values) if self.by_key or not roster_id else None
        pk = None
        if roster_id:
            if roster_id in self.seen_ids:
                self.error(
                    row, "roster_id", _("This ID is already used in row %(row)d.") % {"row": self.seen_ids[roster_id]}
                )
                return INVALID
            self.seen_ids[roster_id] = row
            hit = self.by_id.get(roster_id)
            if hit is not None:
                pk, kind = hit
                if kind != self.person_kind:
                    self.error(
                        row,
                        "roster_id",
                        _("The ID «%(id)s» already belongs to another person (%(kind)s).")
                        % {"id": roster_id, "kind": self.kind_labels[kind]},
                    )
                    return INVALID
        if pk is None and key is not None:
            candidates = self.by_key.get(key, [])
            if roster_id:  # a new ID may be given to someone imported before without one
                candidates = [c for c in candidates if not c[1]]
            if len(candidates) > 1 and portal is not None:  # namesakes in the portal's own export: its key
                candidates = [c for c in candidates if c[0] == portal] or candidates
            if len(candidates) > 1:
                self.error(
                    row,
                    self.name_key,
                    _("Several people in the registry have this name and date of birth: give the ID."),
                )
                return INVALID
            if candidates:
                pk = candidates[0][0]
        if pk is not None:
            if pk in self.seen_pks:
                self.error(row, self.name_key, _("This person is already in row %(row)d.") % {"row": self.seen_pks[pk]})
                return INVALID
            self.seen_pks[pk] = row
        elif not roster_id:
            if key in self.seen_keys:
                self.error(
                    row, self.name_key, _("This person is already in row %(row)d.") % {"row": self.seen_keys[key]}
                )
                return INVALID
            self.seen_keys[key] = row
        return pk

    def row(self, number, cells):
        index = self.roster_id_index  # `self.cell(cells, "roster_id")` without the call
        roster_id = clean_text(cells[index]) if index is not None and index < len(cells) else ""
        values = self.read_row(number, cells)
        if values is None:
            return
        pk = self.match(number, roster_id, values, self.portal_key(cells) if self.with_portal_key else None)
        if pk is INVALID:
            return
        if roster_id:
            values["roster_id"] = roster_id
        self.pending.append((number, values, pk))
        if len(self.pending) >= self.CHUNK:
            self.flush()

    def finish(self):
        self.flush()
        if self.result.errors:
            return
        if self.result.dry_run:
            if self.result.plan is not None:
                self.plan_new()
        else:
            self.link(self.write_new(self.new, self.new_categories, timezone.now()))

    def existing(self, pks):
        """{pk: {attname: value}} of the chunk's registry rows, and {pk: category pks} (students): two queries."""
        rows = {row["id"]: row for row in Person.objects.filter(pk__in=pks).order_by().values(*self.attnames)}
        return rows, {}

    def flush(self):
        pending, self.pending = self.pending, []
        if not pending:
            return
        pks = [pk for _row, _values, pk in pending if pk]
        existing, old_categories = self.existing(pks) if pks else ({}, {})
        rows: list[dict] = []
        befores: list[list | None] = []  # an existing row's compared values before the file's
        cats_of: list[list | None] = []
        broken: set[int] = set()
        base, rules = self.new_base, person_rules  # a new row: the fields the file may set and those the rules read
        for index, (_number, values, pk) in enumerate(pending):
            categories = values.pop("categories", None)
            if pk:
                row = existing[pk]
                befores.append([row[a] for a in self.compared])
                for name, value in values.items():
                    if name in NAME_FIELDS and fold(value) == fold(row[name]):
                        continue  # «СЕМЕНОВА» in the file is the registry's «Семёнова»: its spelling is kept
                    row[name] = value
            else:
                row = {**base, **values}
                befores.append(None)
            if rules(values=row):
                broken.add(index)
            rows.append(row)
            cats_of.append([c.pk for c in categories] if categories is not None else None)
        # full_clean's field rules, column by column for the whole chunk (config/validation.py); a new row's
        # other fields hold the defaults, checked once in prepare().
        if pks:
            new_rows = [i for i, before in enumerate(befores) if before is None]
            old_rows = [i for i, before in enumerate(befores) if before is not None]
            for indexes, attnames in ((new_rows, self.new_attnames), (old_rows, None)):
                suspects = self.checks.suspects([rows[i] for i in indexes], attnames)
                broken.update(indexes[i] for i in suspects)
        else:
            broken.update(self.checks.suspects(rows, self.new_attnames))
        result, preview = self.result, self.result.preview
        if not pks and not broken:
            # Every row of the chunk is new and passed every rule: counted at once, the first ones previewed.
            new, new_cats = rows, cats_of
            result.created += len(rows)
            room = max(PREVIEW_LIMIT - len(preview), 0)
            for (number, _values, _pk), row in zip(pending[:room], rows[:room], strict=True):
                preview.append([number, CREATED, self.label(row)])
            changed: list = []
        else:
            new, new_cats, changed = [], [], []
            for index, (number, _values, pk) in enumerate(pending):
                row, before, cats = rows[index], befores[index], cats_of[index]
                if index in broken:
                    # Only then the model itself: its `full_clean()` gives the messages (or accepts the row).
                    person = Person(**row) if pk else Person(**{**self.defaults, **row})
                    try:
                        person_validate(person=person, validate_unique=False)
                    except ValidationError as exc:
                        self.validation_errors(number, exc, self.name_key)
                        continue
                    row = {a: getattr(person, a) for a in row}
                if pk is None:
                    new.append(row)
                    new_cats.append(cats)
                    result.created += 1
                    if len(preview) < PREVIEW_LIMIT:
                        preview.append([number, CREATED, self.label(row)])
                    continue
                categories_changed = cats is not None and set(cats) != old_categories.get(pk, set())
                if [row[a] for a in self.compared] != before or categories_changed:
                    changed.append((row, cats if categories_changed else None))
                    self.record(number, UPDATED, row)
                else:
                    self.record(number, UNCHANGED, row)
        if self.result.errors:
            return  # nothing is written: the rest of the file is only checked
        offset = len(self.new["last_name"])
        for name, column in self.new.items():
            column += map(operator.itemgetter(name), new)
        self.new_categories.update((offset + i, cats) for i, cats in enumerate(new_cats) if cats)
        if self.result.dry_run:
            self.keep_in_plan(changed)
        else:
            self.link(self.update([row for row, _cats in changed], self.categories_of(changed), timezone.now()))

    @staticmethod
    def categories_of(changed):
        return {i: cats for i, (_row, cats) in enumerate(changed) if cats is not None}

    def record(self, number, action, row):
        label = self.label(row) if len(self.result.preview) < PREVIEW_LIMIT else ""
        self.result.record(number, action, label)

    # The preview (a dry run) writes nothing: it keeps what it would write in `result.plan`, which the
    # confirm applies with `roster_apply_plan` instead of reading and validating the file again.

    def plan_fields(self):
        attnames = {f.name: f.attname for f in Person._meta.concrete_fields}
        return [attnames[f] for f in self.model_fields()]

    def keep_in_plan(self, changed):
        """Add a chunk's changed rows to the plan, kept by column (dates as day numbers): writing it as JSON and
        reading it back then take a few passes in C, not a conversion per cell. The new rows join it at the end
        (`plan_new`)."""
        plan = self.result.plan
        if plan is None:
            fields = self.plan_fields()
            dates = self.date_attnames()
            plan = self.result.plan = {
                "kind": self.result.kind,
                "fingerprint": self.fingerprint,
                "fields": fields,
                "dates": sorted(dates & set(fields)),
                "new": {"columns": [[] for _f in fields], "categories": []},
                "changed": {"columns": [[] for _f in ["id", *fields]], "categories": []},
            }
        if not changed:
            return
        dates = set(plan["dates"])
        kept = plan["changed"]
        offset = len(kept["columns"][0])
        for column, name in zip(kept["columns"], ["id", *plan["fields"]], strict=True):
            if name in dates:
                column += [None if r[name] is None else r[name].toordinal() for r, _c in changed]
            else:
                column += [r[name] for r, _c in changed]
        kept["categories"] += [[offset + i, c] for i, (_r, c) in enumerate(changed) if c is not None]

    def plan_new(self):
        """The new rows of the whole file into the plan, by column (dates as day numbers)."""
        plan = self.result.plan
        dates = set(plan["dates"])
        plan["new"] = {
            "columns": [
                [None if d is None else d.toordinal() for d in self.new[name]] if name in dates else self.new[name]
                for name in plan["fields"]
            ],
            "categories": [[i, cats] for i, cats in sorted(self.new_categories.items())],
        }

    @staticmethod
    def date_attnames():
        return {f.attname for f in Person._meta.concrete_fields if f.get_internal_type() == "DateField"}

    def apply_plan(self, plan):
        fields, dates = plan["fields"], set(plan["dates"])

        def columns(part, names):
            decoded = {}
            for name, column in zip(names, plan[part]["columns"], strict=True):
                decoded[name] = list(map(_day, column)) if name in dates else column
            return decoded, dict(plan[part]["categories"])

        new, new_categories = columns("new", fields)
        changed, changed_categories = columns("changed", ["id", *fields])
        now = timezone.now()
        rows = [dict(zip(changed, values, strict=True)) for values in zip(*changed.values(), strict=True)]
        links = self.update(rows, changed_categories, now)
        self.link(links + self.write_new(new, new_categories, now))

    def row_defaults(self):
        defaults = {f.attname: f.get_default() for f in Person._meta.concrete_fields if not f.primary_key}
        defaults["kind"] = self.person_kind
        return defaults

    def write_new(self, new, categories, now):
        """The new rows, given by column ({attname: values}, the others the defaults), by one `insert_columns`
        (PostgreSQL COPY): the import's at its end and the confirm's. Returns their (person, category) links
        (`categories`: row index → category pks; the new keys are fetched only for them)."""
        count = len(next(iter(new.values()), ()))
        if not count:
            return []
        constants = {**self.row_defaults(), "created_at": now, "updated_at": now}
        # COPY bypasses bulk_create, which keeps the search column: the new rows get theirs here.
        names = [new.get(f) or [constants[f]] * count for f in NAME_FIELDS]
        new = {**new, "search_name": list(map(person_search_name, *names))}
        pks = insert_columns(Person, new, constants, batch_size=self.CHUNK, keys=bool(categories))
        return [(pks[i], c) for i, cats in categories.items() for c in cats]

    def update(self, rows, categories, now):
        """bulk_update the changed rows; the categories of those in `categories` (index → pks) are replaced.
        Returns the new (person, category) links."""
        if not rows:
            return []
        people = []
        for row in rows:
            person = Person(**{a: row[a] for a in ("id", *self.plan_fields())})
            person.updated_at = now
            people.append(person)
        Person.objects.bulk_update(people, [*self.model_fields(), "updated_at"], batch_size=self.CHUNK)
        replaced = [rows[i]["id"] for i in categories]
        if replaced:
            Person.categories.through.objects.filter(person_id__in=replaced).delete()
        return [(rows[i]["id"], c) for i, cats in categories.items() for c in cats]

    def link(self, links):
        if links:
            insert_rows(
                Person.categories.through,
                [{"person_id": p, "menteecategory_id": c} for p, c in links],
                batch_size=self.CHUNK,
                keys=False,
            )

    def model_fields(self):
        # Fields the service may normalise for any kind are always written.
        return sorted({*self.fields, "grade", "class_letter", "organization"})

    def label(self, row):
        return " ".join(p for p in (row["last_name"], row["first_name"], row["patronymic"]) if p)


class StudentImporter(PersonImporter):
    person_kind = Person.Kind.STUDENT
    KIND_FIELDS = ("grade", "class_letter", "pd_consent_date", "publication_consent")
    DATE_COLUMNS = (
        ("birth_date", "birth_date"),
        ("date_joined", "date_joined"),
        ("date_left", "date_left"),
        ("pd_consent_date", "pd_consent_date"),
    )
    FIELD_COLUMNS = {
        **PersonImporter.FIELD_COLUMNS,
        "grade": "class",
        "class_letter": "class",
        "pd_consent_date": "pd_consent_date",
        "publication_consent": "publication_consent",
    }

    def prepare_kind(self):
        self.catalogue = {}
        for category in MenteeCategory.objects.all():
            self.catalogue[fold(category.short_name)] = category
            self.catalogue[fold(category.name)] = category
        self.with_letter, self.with_categories = self.has("class_letter"), self.has("categories")
        self.with_consent = self.has("publication_consent")

    def read_kind(self, row, cells, values):
        if values.get("birth_date") is None:
            self.warn(row, "birth_date", _("No date of birth: the student counts in no age group."))
        grade_letter = self.parse(row, cells, "class", parse_class)
        if grade_letter is not INVALID and self.with_letter:
            grade_letter = self.join_letter(row, cells, grade_letter)
        if grade_letter is not INVALID:
            values["grade"], values["class_letter"] = grade_letter
        if self.with_categories:
            categories = self.parse(row, cells, "categories", parse_categories, self.catalogue)
            if categories is not INVALID:
                values["categories"] = categories
        if self.with_consent:
            consent = self.parse(row, cells, "publication_consent", parse_yes_no)
            if consent is not INVALID:
                values["publication_consent"] = consent

    def join_letter(self, row, cells, grade_letter):
        """«Класс» = 7 and «Буква» = Б are the class 7Б; a letter that contradicts the class is an error."""
        letter = self.text(cells, "class_letter")
        if not letter:
            return grade_letter
        grade, own = grade_letter
        try:
            joined = parse_class(f"{grade}{letter}")
        except CellError:
            self.error(
                row,
                "class_letter",
                _("«%(value)s» is not a class letter: write one letter, e.g. Б.") % {"value": letter},
            )
            return INVALID
        if own and own != joined[1]:
            self.error(
                row,
                "class_letter",
                _("The letter «%(letter)s» does not match the class «%(class)s».")
                % {"letter": letter, "class": self.text(cells, "class")},
            )
            return INVALID
        return joined

    def existing(self, pks):
        rows, _none = super().existing(pks)
        categories = defaultdict(set)
        links = Person.categories.through.objects.filter(person_id__in=pks)
        for person_id, category_id in links.values_list("person_id", "menteecategory_id"):
            categories[person_id].add(category_id)
        return rows, categories

    def label(self, row):
        class_name = f"{row['grade']}{row['class_letter']}" if row["grade"] else ""
        return f"{super().label(row)}, {class_name}"


class TeacherImporter(PersonImporter):
    person_kind = Person.Kind.TEACHER
    KIND_FIELDS = ("position", "subjects", "career_start")
    DATE_COLUMNS = (
        ("birth_date", "birth_date"),
        ("career_start", "career_start"),
        ("date_joined", "date_joined"),
        ("date_left", "date_left"),
    )
    TEXT_COLUMNS = (("position", "position"), ("subjects", "subjects"))
    FIELD_COLUMNS = {
        **PersonImporter.FIELD_COLUMNS,
        "position": "position",
        "subjects": "subjects",
        "career_start": "career_start",
    }

    def column_of(self, model_field):
        if model_field == "career_start" and not self.has("career_start"):
            return "experience"
        return super().column_of(model_field)

    def read_kind(self, row, cells, values):
        if values.get("career_start") is INVALID:
            return
        if values.get("career_start") is None and self.has("experience") and self.text(cells, "experience"):
            years = self.parse(row, cells, "experience", parse_years)
            if years is not INVALID:
                values["career_start"] = career_start_from_years(years, self.today)
        if values.get("career_start") is None:
            key = "career_start" if self.has("career_start") else "experience"
            self.warn(row, key, _("No start of the teaching career: the teacher counts in no experience group."))


class MentorImporter(PersonImporter):
    person_kind = Person.Kind.EXTERNAL
    KIND_FIELDS = ("organization", "position", "phone", "email")
    DATE_COLUMNS = (("birth_date", "birth_date"),)
    TEXT_COLUMNS = (("position", "position"), ("phone", "phone"), ("email", "email"))
    FIELD_COLUMNS = {
        **PersonImporter.FIELD_COLUMNS,
        "organization": "organization",
        "position": "position",
        "phone": "phone",
        "email": "email",
    }

    def prepare_kind(self):
        self.orgs_by_inn, self.orgs_by_name, self.organization_names = {}, defaultdict(list), {}
        self.orgs_by_pk = {}
        for organization in Organization.objects.all():
            self.organization_names[organization.pk] = organization.name
            self.orgs_by_pk[organization.pk] = organization
            if organization.inn:
                self.orgs_by_inn[organization.inn] = organization
            self.orgs_by_name[fold(organization.name)].append(organization)

    def read_kind(self, row, cells, values):
        text = self.text(cells, "organization")
        if not text:
            self.error(row, "organization", _("Enter the organisation: its INN or its exact name."))
            return
        organization = self.orgs_by_inn.get(text)
        name, key = parse_reference(text)
        if organization is None and key is not None:  # «Название (код 12)»: the portal's export of a namesake
            organization = self.orgs_by_pk.get(key)
            if organization is not None and fold(organization.name) != fold(name):
                organization = None
        if organization is None:
            found = self.orgs_by_name.get(fold(text), [])
            if len(found) > 1:
                self.error(
                    row,
                    "organization",
                    _("Several organisations are called «%(name)s»: give the INN.") % {"name": text},
                )
                return
            organization = found[0] if found else None
        if organization is None:
            self.error(
                row,
                "organization",
                _("There is no organisation «%(name)s» in the registry: import the organisations first.")
                % {"name": text},
            )
            return
        values["organization_id"] = organization.pk  # the row is kept by attname (see flush)

    def label(self, row):
        return f"{super().label(row)}, {self.organization_names.get(row['organization_id'], '')}"

    def known_organizations(self):
        return self.organization_names


# --- Organisations -------------------------------------------------------------------------------

ORGANIZATION_KINDS = {
    "предприятие": Organization.Kind.ENTERPRISE,
    "образовательная организация": Organization.Kind.EDUCATIONAL,
    "иная": Organization.Kind.OTHER,
}
TERRITORIES = {
    "город": Organization.Territory.TOWN,
    "район": Organization.Territory.DISTRICT,
    "другая": Organization.Territory.ELSEWHERE,
}


def _choice(value, choices, message):
    text = fold(clean_text(value))
    if text not in choices:
        raise CellError(message % {"value": clean_text(value), "choices": ", ".join(f"«{c}»" for c in choices)})
    return choices[text]


class OrganizationImporter(BaseImporter):
    FIELDS = ("name", "inn", "kind", "territory", "contacts")
    FIELD_COLUMNS = {f: f for f in FIELDS}
    READS = (Organization,)

    def prepare(self):
        self.fingerprint = registry_fingerprint(self.reads()) if self.result.dry_run else None
        self.planned: list = []
        self.by_inn, self.by_name = {}, defaultdict(list)
        for pk, name, inn in Organization.objects.values_list("pk", "name", "inn"):
            if inn:
                self.by_inn[inn] = pk
            self.by_name[fold(name)].append((pk, inn))
        self.seen_inns, self.seen_names, self.seen_pks = {}, {}, {}

    def read_row(self, row, cells):
        errors_before = len(self.result.errors)
        values = {"name": self.text(cells, "name")}
        if not values["name"]:
            self.error(row, "name", _("Enter the name of the organisation."))
        if self.has("inn"):
            values["inn"] = self.text(cells, "inn")
        if self.has("kind"):
            if self.text(cells, "kind"):
                values["kind"] = self.parse(
                    row, cells, "kind", _choice, ORGANIZATION_KINDS, _("Unknown type «%(value)s»: write %(choices)s.")
                )
            else:
                values["kind"] = Organization.Kind.ENTERPRISE
        if self.text(cells, "territory"):
            values["territory"] = self.parse(
                row, cells, "territory", _choice, TERRITORIES, _("Unknown territory «%(value)s»: write %(choices)s.")
            )
        else:
            self.error(row, "territory", _("Enter the territory: «город», «район» or «другая»."))
        if self.has("contacts"):
            values["contacts"] = clean_multiline(self.cell(cells, "contacts"))
        return None if len(self.result.errors) > errors_before else values

    def match(self, row, values, cells=()):
        inn, name = values.get("inn", ""), fold(values["name"])
        pk = self.by_inn.get(inn) if inn else None
        if inn:
            if inn in self.seen_inns:
                self.error(row, "inn", _("This INN is already used in row %(row)d.") % {"row": self.seen_inns[inn]})
                return INVALID
            self.seen_inns[inn] = row
        if pk is None:
            candidates = self.by_name.get(name, [])
            if inn:
                candidates = [c for c in candidates if not c[1]]
            portal = self.portal_key(cells)
            if len(candidates) > 1 and portal is not None:  # same-name organisations in the portal's own export
                candidates = [c for c in candidates if c[0] == portal] or candidates
            if len(candidates) > 1:
                self.error(
                    row,
                    "name",
                    _("Several organisations are called «%(name)s»: give the INN.") % {"name": values["name"]},
                )
                return INVALID
            pk = candidates[0][0] if candidates else None
        if pk is not None:
            if pk in self.seen_pks:
                self.error(row, "name", _("This organisation is already in row %(row)d.") % {"row": self.seen_pks[pk]})
                return INVALID
            self.seen_pks[pk] = row
        elif not inn:
            if name in self.seen_names:
                self.error(
                    row, "name", _("This organisation is already in row %(row)d.") % {"row": self.seen_names[name]}
                )
                return INVALID
            self.seen_names[name] = row
        return pk

    def row(self, number, cells):
        values = self.read_row(number, cells)
        if values is None:
            return
        pk = self.match(number, values, cells)
        if pk is INVALID:
            return
        organization = Organization.objects.get(pk=pk) if pk else Organization()
        if pk and all(getattr(organization, f) == v for f, v in values.items()):
            self.result.record(number, UNCHANGED, organization.name)
            return
        try:
            if self.result.dry_run:
                # The preview writes nothing: the service's checks, and the row kept for the confirm.
                organization_validate(organization=organization, data=values)
                self.planned.append([number, pk, values])
            else:
                organization_save(organization=organization, data=values)
        except ValidationError as exc:
            self.validation_errors(number, exc, "name")
            return
        self.result.record(number, UPDATED if pk else CREATED, organization.name)

    def finish(self):
        if self.result.dry_run and not self.result.errors:
            self.result.plan = {"kind": self.result.kind, "fingerprint": self.fingerprint, "rows": self.planned}

    def apply_plan(self, plan):
        """The confirm: each planned row through `organization_save` (its checks, its audit entry), nothing read
        from the file."""
        existing = Organization.objects.in_bulk([pk for _n, pk, _v in plan["rows"] if pk])
        for _number, pk, values in plan["rows"]:
            organization_save(organization=existing[pk] if pk else Organization(), data=values)


# --- Mentorships ---------------------------------------------------------------------------------

STATUSES = {
    "черновик": Mentorship.Status.DRAFT,
    "активна": Mentorship.Status.ACTIVE,
    "завершена": Mentorship.Status.COMPLETED,
    "прекращена": Mentorship.Status.TERMINATED,
    "отменена": Mentorship.Status.CANCELLED,
    # The portal's own labels («наставничество» is neuter) are read too.
    "активно": Mentorship.Status.ACTIVE,
    "завершено": Mentorship.Status.COMPLETED,
    "прекращено": Mentorship.Status.TERMINATED,
    "прекращено досрочно": Mentorship.Status.TERMINATED,
    "отменено": Mentorship.Status.CANCELLED,
}


class MentorshipImporter(BaseImporter):
    FIELD_COLUMNS = {
        "roster_id": "roster_id",
        "form": "form",
        "role_model": "role_model",
        "mentor": "mentor",
        "mentees": "mentees",
        "start_date": "start_date",
        "end_date": "end_date",
        "planned_end_date": "end_date",
        "status": "status",
        "termination_reason": "termination_reason",
        "request": "request",
        "curator": "curator",
    }
    COMPARED = ("roster_id", "form", "role_model", "mentor", "start_date", "end_date", "status")
    OPTIONAL_TEXT = ("termination_reason", "request")
    OBJECTS = {"form": MentorshipForm, "role_model": RoleModel, "mentor": Person, "curator": None}
    DATES = ("start_date", "end_date")

    def reads(self):  # the user model is known only at run time
        from django.contrib.auth import get_user_model

        return (Mentorship, Mentorship.mentees.through, Person, MentorshipForm, RoleModel, get_user_model())

    def prepare(self):
        from django.contrib.auth import get_user_model

        self.fingerprint = registry_fingerprint(self.reads()) if self.result.dry_run else None
        self.planned: list = []
        self.people_by_id, self.people_by_name, self.people_by_pk = {}, defaultdict(list), {}
        for person in Person.objects.select_related("organization"):
            self.people_by_pk[person.pk] = person
            if person.roster_id:
                self.people_by_id[person.roster_id] = person
            self.people_by_name[fold(person.full_name)].append(person)
        self.forms = {}
        for form in MentorshipForm.objects.all():
            self.forms[normalize_dashes(form.name)] = form
            self.forms[normalize_dashes(form.get_code_display())] = form
        self.role_models = {(rm.form_id, normalize_dashes(rm.name)): rm for rm in RoleModel.objects.all()}
        self.users_by_login, self.users_by_name = {}, defaultdict(list)
        for user in get_user_model().objects.all():
            self.users_by_login[user.get_username().casefold()] = user
            for name in {f"{user.last_name} {user.first_name}", f"{user.first_name} {user.last_name}"}:
                if name.strip():
                    self.users_by_name[fold(name)].append(user)
        self.by_id: dict = {}
        self.by_key: dict = {}
        self.key_of: dict = {}
        for mentorship in Mentorship.objects.prefetch_related("mentees").order_by("pk"):
            if mentorship.roster_id:
                self.by_id[mentorship.roster_id] = mentorship.pk
            self.key_of[mentorship.pk] = self.natural_key(mentorship)
            self.by_key.setdefault(self.key_of[mentorship.pk], mentorship.pk)
        self.seen_ids, self.seen_keys, self.seen_portal = {}, {}, {}
        self.with_id = set(self.by_id.values())

    @staticmethod
    def natural_key(mentorship, mentees=None):
        mentees = mentees if mentees is not None else mentorship.mentees.all()
        return (mentorship.form_id, mentorship.mentor_id, mentorship.start_date, frozenset(m.pk for m in mentees))

    def person(self, row, key, text):
        person = self.people_by_id.get(text)
        if person is not None:
            return person
        name, pk = parse_reference(text)
        if pk is not None:  # «ФИО (код 12)»: the portal's export of a namesake without an ID
            person = self.people_by_pk.get(pk)
            if person is not None and fold(person.full_name) == fold(name):
                return person
        found = self.people_by_name.get(fold(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            self.error(row, key, _("Several people are called «%(name)s»: give the ID.") % {"name": text})
        else:
            self.error(row, key, _("There is no person with the ID or full name «%(name)s».") % {"name": text})
        return None

    def user(self, row, text):
        user = self.users_by_login.get(text.casefold())
        if user is not None:
            return user
        found = self.users_by_name.get(fold(text), [])
        if len(found) == 1:
            return found[0]
        self.error(
            row,
            "curator",
            (_("Several users are called «%(name)s»: give the login.") if found else _("There is no user «%(name)s»."))
            % {"name": text},
        )
        return None

    def read_row(self, row, cells):
        errors_before = len(self.result.errors)
        values = {"roster_id": self.text(cells, "roster_id") or None}
        form_text = self.text(cells, "form")
        form = self.forms.get(normalize_dashes(form_text)) if form_text else None
        if form is None:
            self.error(
                row,
                "form",
                (_("Unknown form «%(value)s».") % {"value": form_text} if form_text else _("Enter the form."))
                + " "
                + _("Write one of: %(choices)s.") % {"choices": ", ".join(f"«{c.label}»" for c in MentorshipForm.Code)},
            )
        values["form"] = form
        if self.has("role_model"):
            values["role_model"] = None
        role_text = self.text(cells, "role_model")
        if role_text and form is not None:
            values["role_model"] = self.role_models.get((form.pk, normalize_dashes(role_text)))
            if values["role_model"] is None:
                self.error(
                    row,
                    "role_model",
                    _("The form «%(form)s» has no role model «%(value)s».") % {"form": form.name, "value": role_text},
                )
        mentor_text = self.text(cells, "mentor")
        values["mentor"] = self.person(row, "mentor", mentor_text) if mentor_text else None
        if not mentor_text:
            self.error(row, "mentor", _("Enter the mentor's ID or full name."))
        mentees = []
        for text in split_list(self.cell(cells, "mentees")):
            person = self.person(row, "mentees", text)
            if person is not None and person not in mentees:
                mentees.append(person)
        if not split_list(self.cell(cells, "mentees")):
            self.error(row, "mentees", _("Enter at least one mentee: IDs or full names separated by «;»."))
        values["mentees"] = mentees
        values["start_date"] = self.parse(row, cells, "start_date", parse_date)
        if values["start_date"] is None:
            self.error(row, "start_date", _("Enter the start date."))
        values["end_date"] = self.parse(row, cells, "end_date", parse_date)
        status_text = self.text(cells, "status")
        if status_text:
            values["status"] = STATUSES.get(fold(status_text))
            if values["status"] is None:
                self.error(
                    row,
                    "status",
                    _("Unknown status «%(value)s»: write %(choices)s.")
                    % {"value": status_text, "choices": "«черновик», «активна», «завершена» or «прекращена»"},
                )
        else:
            values["status"] = Mentorship.Status.COMPLETED if values["end_date"] else Mentorship.Status.ACTIVE
        for key in self.OPTIONAL_TEXT:  # text fields of several lines: the line breaks are kept
            if self.has(key):
                values[key] = clean_multiline(self.cell(cells, key))
        if self.has("curator"):
            curator_text = self.text(cells, "curator")
            values["curator"] = self.user(row, curator_text) if curator_text else None
        if len(self.result.errors) > errors_before:
            return None
        ended = (Mentorship.Status.COMPLETED, Mentorship.Status.TERMINATED, Mentorship.Status.CANCELLED)
        if values["status"] in ended and values["end_date"] is None:
            self.error(row, "end_date", _("A completed or terminated mentorship needs its end date."))
        if values["status"] == Mentorship.Status.TERMINATED and not values.get("termination_reason"):
            key = "termination_reason" if self.has("termination_reason") else "status"
            self.error(row, key, _("Give the reason for terminating the mentorship early."))
        return None if len(self.result.errors) > errors_before else values

    def match(self, row, values, portal=None):
        roster_id = values["roster_id"]
        key = (values["form"].pk, values["mentor"].pk, values["start_date"], frozenset(m.pk for m in values["mentees"]))
        if (
            not roster_id
            and portal is not None
            and self.key_of.get(portal) == key
            and portal not in self.by_id.values()
        ):
            # Two equal pairs without IDs in the portal's own export: its key tells them apart.
            if portal in self.seen_portal:
                self.error(
                    row, "mentor", _("This mentorship is already in row %(row)d.") % {"row": self.seen_portal[portal]}
                )
                return INVALID
            self.seen_portal[portal] = row
            return portal
        if roster_id:
            if roster_id in self.seen_ids:
                self.error(
                    row, "roster_id", _("This ID is already used in row %(row)d.") % {"row": self.seen_ids[roster_id]}
                )
                return INVALID
            self.seen_ids[roster_id] = row
            if roster_id in self.by_id:
                return self.by_id[roster_id]
        if key in self.seen_keys:
            self.error(row, "mentor", _("This mentorship is already in row %(row)d.") % {"row": self.seen_keys[key]})
            return INVALID
        self.seen_keys[key] = row
        pk = self.by_key.get(key)
        if pk is not None and roster_id and pk in self.by_id.values():
            return None  # that mentorship has an ID of its own: this row is another one
        return pk

    def row(self, number, cells):
        values = self.read_row(number, cells)
        if values is None:
            return
        pk = self.match(number, values, self.portal_key(cells))
        if pk is INVALID:
            return
        mentees = values.pop("mentees")
        label = f"{values['form']} · {values['mentor'].short_name} · {', '.join(m.short_name for m in mentees)}"
        try:
            if pk is None:
                mentorship_create(mentees=mentees, **values)
                self.keep(number, pk, values, mentees)
                self.result.record(number, CREATED, label)
                return
            mentorship = Mentorship.objects.select_related("mentor", "form").get(pk=pk)
            if not values["roster_id"]:
                values.pop("roster_id")
            old_mentees = {m.pk for m in mentorship.mentees.all()}
            same = old_mentees == {m.pk for m in mentees} and all(
                getattr(mentorship, f) == v for f, v in values.items()
            )
            if same:
                self.result.record(number, UNCHANGED, label)
                return
            mentorship_update(mentorship=mentorship, data=values, mentees=mentees)
            self.keep(number, pk, values, mentees)
            self.result.record(number, UPDATED, label)
        except ValidationError as exc:
            self.validation_errors(number, exc, "form")

    # The preview runs every row through the services (the mentorship rules see the rows before it) and rolls
    # back; it keeps each row's outcome — objects by their keys, dates as text — for the confirm, which applies
    # it through the same services (their checks, their audit entries) without reading the file again.

    def keep(self, number, pk, values, mentees):
        if not self.result.dry_run:
            return
        kept = {}
        for name, value in values.items():
            if name in self.OBJECTS:
                kept[name] = value.pk if value is not None else None
            elif name in self.DATES:
                kept[name] = value.isoformat() if value is not None else None
            else:
                kept[name] = value
        self.planned.append([number, pk, kept, [m.pk for m in mentees]])

    def finish(self):
        if self.result.dry_run and not self.result.errors:
            self.result.plan = {"kind": self.result.kind, "fingerprint": self.fingerprint, "rows": self.planned}

    def apply_plan(self, plan):
        from django.contrib.auth import get_user_model

        rows = plan["rows"]
        models: dict[str, Any] = {**self.OBJECTS, "curator": get_user_model()}
        keys = {name: {v[name] for _n, _pk, v, _m in rows if v.get(name)} for name in models}
        found = {name: models[name].objects.in_bulk(keys[name]) for name in models}
        people = Person.objects.in_bulk({pk for *_rest, mentees in rows for pk in mentees})
        mentorships = Mentorship.objects.select_related("mentor", "form").in_bulk([pk for _n, pk, *_r in rows if pk])
        for _number, pk, kept, mentee_pks in rows:
            values: dict[str, Any] = {}
            for name, value in kept.items():
                if name in models:
                    values[name] = found[name][value] if value is not None else None
                elif name in self.DATES:
                    values[name] = datetime.date.fromisoformat(value) if value else None
                else:
                    values[name] = value
            mentees = [people[m] for m in mentee_pks]
            if pk is None:
                mentorship_create(mentees=mentees, **values)
            else:
                mentorship_update(mentorship=mentorships[pk], data=values, mentees=mentees)


IMPORTERS = {
    "students": StudentImporter,
    "teachers": TeacherImporter,
    "organizations": OrganizationImporter,
    "external": MentorImporter,
    "mentorships": MentorshipImporter,
}
