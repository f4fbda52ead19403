"""`full_clean()`'s field rules compiled once for many rows of one model (a roster import's 100,000 rows).

`RowChecks(model).suspect(values)` answers, for a row given as {attname: value} (every concrete field),
whether `full_clean(validate_unique=False, validate_constraints=False)` of an instance holding those
values could fail. It is a cheap test, not a second set of rules: it mirrors `Model.clean_fields` field by
field (blank values skipped, `to_python` that must leave the value as it is, null, blank and choices as in
`Field.validate`, then the field's validators) with the same limits read from the fields themselves. The
validators it knows (max length, min and max value, the text policy of config/text.py) are tested in C or
with one comparison; any other validator is called as it is. A value of an unexpected type, a foreign key
not among the known ones, a field type it does not know, a model with its own `clean()`: suspect.

The caller runs the real `full_clean()` on a suspect row, so the messages a user sees are always Django's
own, and `suspect` only has to be never wrong the other way: a row full_clean refuses is always suspect.
tests/roster/test_fast_validation.py feeds every invalid case of the Person model to both.
"""

import datetime
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models

from . import text

Check = Callable[[Any], bool]  # True when the value is suspect


def _exact_type(field: models.Field) -> tuple[type, ...] | None:
    """The types whose values `field.to_python` returns unchanged (None: a field this module does not know)."""
    if isinstance(field, models.ForeignKey):
        return _exact_type(field.target_field)
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField | models.IntegerField):
        return (int,)
    if isinstance(field, models.DateTimeField):
        return (datetime.datetime,)
    if isinstance(field, models.DateField):
        return (datetime.date,)
    if isinstance(field, models.CharField | models.TextField):
        return (str,)
    return None


def _column_check(validator: Callable[[Any], None]) -> Callable[[list], bool]:
    """The validator for a whole column of non-empty values at once (True: some value may fail): in C for those
    this module knows."""

    def call(value: Any) -> bool:
        try:
            validator(value)
        except ValidationError:
            return True
        return False

    if validator is text.validate_line or validator is text.validate_text:
        pattern = text.FORBIDDEN[validator is text.validate_text]
        return lambda values: pattern.search(" ".join(values)) is not None  # a space is allowed by both
    limit = getattr(validator, "limit_value", None)
    if type(validator) is validators.MaxLengthValidator and isinstance(limit, int):
        return lambda values: max(map(len, values)) > limit
    if type(validator) is validators.MinLengthValidator and isinstance(limit, int):
        return lambda values: min(map(len, values)) < limit
    if type(validator) is validators.MaxValueValidator and isinstance(limit, int | float):
        return lambda values: max(values) > limit
    if type(validator) is validators.MinValueValidator and isinstance(limit, int | float):
        return lambda values: min(values) < limit
    return lambda values: any(map(call, values))  # any other validator: called as it is, value by value


def _validator_check(validator: Callable[[Any], None]) -> Check:
    if validator is text.validate_line:
        pattern = text.FORBIDDEN[False]
        return lambda v: isinstance(v, str) and pattern.search(v) is not None
    if validator is text.validate_text:
        pattern = text.FORBIDDEN[True]
        return lambda v: isinstance(v, str) and pattern.search(v) is not None
    limit = getattr(validator, "limit_value", None)
    if type(validator) is validators.MaxLengthValidator and isinstance(limit, int):
        return lambda v: len(v) > limit
    if type(validator) is validators.MinLengthValidator and isinstance(limit, int):
        return lambda v: len(v) < limit
    if type(validator) is validators.MaxValueValidator and isinstance(limit, int | float):
        return lambda v: v > limit
    if type(validator) is validators.MinValueValidator and isinstance(limit, int | float):
        return lambda v: v < limit

    def call(value: Any) -> bool:
        try:
            validator(value)
        except ValidationError:
            return True
        return False

    return call


class _FieldCheck:
    __slots__ = (
        "attname",
        "blank",
        "choices",
        "column_validators",
        "empty",
        "known",
        "null",
        "skip_validate",
        "text",
        "types",
        "validators",
    )

    def __init__(self, field: models.Field, known: Iterable[Any] | None) -> None:
        self.attname = field.attname
        self.blank = field.blank
        self.null = field.null
        self.empty = list(field.empty_values)
        self.types = _exact_type(field)
        # CharField.to_python returns any str as it is (a TextChoices member included); other types exactly.
        self.text = (lambda v: isinstance(v, str)) if self.types == (str,) else (lambda v: False)
        self.skip_validate = not field.editable
        self.choices = {value for value, _label in field.flatchoices} if field.choices is not None else None
        self.known = frozenset(known) if known is not None else None
        if field.is_relation and (self.known is None or getattr(field, "get_limit_choices_to", dict)()):
            self.types = None  # ForeignKey.validate would query: suspect unless blank
        self.validators = [_validator_check(v) for v in field.validators]
        self.column_validators = [_column_check(v) for v in field.validators]

    def column_passes(self, column: list) -> bool:
        """True when every value of `column` passes (a few passes in C); False: some value may not, look closer."""
        kinds = set(map(type, column))
        if self.types is None:  # only empty values pass, and only when blank (clean_fields skips them)
            return self.blank and all(v in self.empty for v in column)
        if self.types == (str,):
            if not all(issubclass(k, str) for k in kinds - {type(None)}):
                return False
        elif kinds - {*self.types, type(None)}:
            return False
        has_none = type(None) in kinds
        if has_none and not self.blank:
            return False
        if self.types == (str,) and not self.blank and "" in column:
            return False
        values = [v for v in column if v is not None and v != ""] if has_none or self.types == (str,) else column
        if not values:
            return True
        if not self.skip_validate:
            if self.choices is not None and not self.choices.issuperset(values):
                return False
            if self.known is not None and not self.known.issuperset(values):
                return False
        return not any(check(values) for check in self.column_validators)

    def suspect(self, value: Any) -> bool:
        empty = value in self.empty
        if self.blank and empty:
            return False  # clean_fields skips it
        if self.types is None or (value is not None and type(value) not in self.types and not self.text(value)):
            return True
        if not self.skip_validate:
            if value is None and not self.null:
                return True
            if not self.blank and empty:
                return True
            if self.choices is not None and not empty and value not in self.choices:
                return True
            if self.known is not None and value is not None and value not in self.known:
                return True
        if empty:
            return False  # run_validators skips empty values
        return any(check(value) for check in self.validators)


class RowChecks:
    """full_clean's field rules for rows of `model`; `known` gives, per foreign key's attname, the pks that exist
    (`ForeignKey.validate` would query each; without them every non-empty foreign key is suspect)."""

    def __init__(self, model: type[models.Model], *, known: Mapping[str, Iterable[Any]] | None = None) -> None:
        known = known or {}
        self.model = model
        self.always = model.clean is not models.Model.clean  # a rule of its own: every row goes to full_clean
        self.fields = [
            _FieldCheck(f, known.get(f.attname) if f.is_relation else None)
            for f in model._meta.concrete_fields
            if not f.generated
        ]

    def suspect(self, values: Mapping[str, Any], attnames: Iterable[str] | None = None) -> bool:
        """Whether full_clean could refuse the row (`attnames`: only these fields, the others known to pass)."""
        if self.always:
            return True
        names = None if attnames is None else set(attnames)
        return any(c.suspect(values.get(c.attname)) for c in self.fields if names is None or c.attname in names)

    def suspects(self, rows: Sequence[Mapping[str, Any]], attnames: Iterable[str] | None = None) -> set[int]:
        """The indexes of the suspect rows among `rows`, checked column by column: a column whose values all pass
        the quick test in C (types, choices, known keys, lengths, the text policy over the joined values) is
        done at once; the others are checked value by value."""
        if self.always:
            return set(range(len(rows)))
        names = None if attnames is None else set(attnames)
        found: set[int] = set()
        for check in self.fields:
            if names is not None and check.attname not in names:
                continue
            try:
                column = list(map(operator.itemgetter(check.attname), rows))  # in C: rows usually hold every field
            except KeyError:
                column = [row.get(check.attname) for row in rows]
            if not check.column_passes(column):
                found.update(i for i, value in enumerate(column) if check.suspect(value))
        return found
