"""The one text policy of the portal: which characters a person-facing text may hold, and how long it may be.

Refused everywhere: C0 control characters (a multi-line text keeps line feed, carriage return and tab),
DEL, the C1 controls, the bidirectional overrides, isolates and marks (they make a name read differently
from what is stored) and the zero-width characters (they make two equal-looking names differ). A
single-line text refuses line breaks and tabs too. The message says what is wrong and where; it never
repeats the text.

Every model's person-facing text field is one of the fields below, so forms, the admin and `full_clean()`
in the services all apply the policy; `tests/portal/test_text_policy.py` walks every model so that a new
field cannot forget it. `strip_forbidden` cleans text that is already stored (e.g. before an export).
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

LINE_BREAKS = frozenset("\n\r\t\u2028\u2029")
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

CONTROL, DIRECTION, INVISIBLE, LINE_BREAK = "text_control", "text_direction", "text_invisible", "text_line_break"
MESSAGES = {
    CONTROL: _("The text contains a control character (%(code)s) at position %(position)d: remove it."),
    DIRECTION: _("The text contains an invisible text-direction mark (%(code)s) at position %(position)d: remove it."),
    INVISIBLE: _("The text contains an invisible zero-width character (%(code)s) at position %(position)d: remove it."),
    LINE_BREAK: _("This field is a single line: remove the line break or tab at position %(position)d."),
}


def _is_control(char):
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def forbidden_kind(char: str, *, multiline: bool) -> str | None:
    """Why `char` may not be in a text (one of the codes above), or None when it may."""
    if char in LINE_BREAKS:
        return None if multiline else LINE_BREAK
    if _is_control(char):
        return CONTROL
    if char in BIDI:
        return DIRECTION
    if char in ZERO_WIDTH:
        return INVISIBLE
    return None


def _forbidden_pattern(*, multiline: bool) -> re.Pattern:
    """Every character `forbidden_kind` refuses, as one character class (tests/portal/test_text_policy.py
    compares the two over the whole of Unicode): a search in C instead of a Python loop per character."""
    allowed = LINE_BREAKS if multiline else frozenset()
    chars = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} | BIDI | ZERO_WIDTH | (LINE_BREAKS - allowed)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars - allowed)) + "]")


FORBIDDEN = {False: _forbidden_pattern(multiline=False), True: _forbidden_pattern(multiline=True)}


def is_allowed(value, *, multiline: bool) -> bool:
    """Whether `check_text` accepts `value` (the fast test of many values, e.g. a roster import's rows)."""
    return not isinstance(value, str) or FORBIDDEN[multiline].search(value) is None


def check_text(value, *, multiline: bool) -> None:
    """Raise a ValidationError naming the first forbidden character of `value` and its position."""
    if not isinstance(value, str):
        return
    found = FORBIDDEN[multiline].search(value)
    if found is not None:
        char = found.group()
        kind = forbidden_kind(char, multiline=multiline) or CONTROL  # never None: the pattern is forbidden_kind's
        raise ValidationError(
            MESSAGES[kind], code=kind, params={"code": f"U+{ord(char):04X}", "position": found.start() + 1}
        )


def validate_line(value):
    """The policy for a single-line text: names, titles, phones, IDs."""
    check_text(value, multiline=False)


def validate_text(value):
    """The policy for a multi-line text: notes, plans, news."""
    check_text(value, multiline=True)


def strip_forbidden(value, *, multiline: bool = True):
    """`value` without the characters the policy refuses (a single line also loses its line breaks)."""
    if not isinstance(value, str):
        return value
    return "".join(c for c in value if forbidden_kind(c, multiline=multiline) is None)


def policy_validators(validators):
    """The text-policy validators among `validators` (for a plain form's field built from a model field)."""
    return [v for v in validators if v in (validate_line, validate_text)]


def form_field(model, name, **kwargs):
    """A plain form's field for `model.name`: its max length and its text policy, checked by the form itself."""
    field = model._meta.get_field(name)
    return field.formfield(validators=policy_validators(field.validators), **kwargs)


# --- The model fields of the policy ---------------------------------------------------------------


class CharField(models.CharField):
    """A single-line person-facing text."""

    default_validators = [validate_line]


class EmailField(models.EmailField):
    default_validators = [*models.EmailField.default_validators, validate_line]


class URLField(models.URLField):
    default_validators = [*models.URLField.default_validators, validate_line]


class TextField(models.TextField):
    """A multi-line person-facing text with a required max length, enforced by forms and `full_clean()`."""

    default_validators = [validate_text]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is None:
            raise TypeError("config.text.TextField needs a max_length")
        self.validators.append(MaxLengthValidator(self.max_length))


def number_ru(value, places: int = 1) -> str:
    """A number as Russian text prints it: «51,0», «-1,5»; «—» for None. Charts, drafted sentences and the
    command line use it."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.{places}f}".replace(".", ",")
