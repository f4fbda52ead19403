"""Cell values of real school files turned into model values: names, dates, classes, categories.

Every parser takes the raw cell (str, int, float, datetime, bool or None, as openpyxl or csv give
it) and returns the value, or raises `CellError` with a Russian message for the row's report.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from config.xlsx import FORMULA_PREFIXES

DASHES = "-‐‑‒–—―−"
_DASH_RE = re.compile(f"\\s*[{re.escape(DASHES)}]\\s*")
# Runs of spaces, tabs and line breaks are one space; the control characters that Python also counts as
# spaces (\x0b, \x0c, \x1c–\x1f, \x85) are kept, so that the text policy (config/text.py) refuses the cell.
_SPACES = re.compile(r"[^\S\x0b\x0c\x1c-\x1f\x85]+")


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user against its row and column."""


def clean_text(value) -> str:
    """The cell as text: trimmed, inner runs of spaces collapsed; numbers without a trailing `.0`."""
    if value.__class__ is str:
        # Printable text has no whitespace but the plain space: without a double space, trimming is all.
        text = value.strip(" ") if value.isprintable() and "  " not in value else _SPACES.sub(" ", value).strip(" ")
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
            text = text[1:]
        return text
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    text = _SPACES.sub(" ", str(value)).strip(" ")
    # An apostrophe put in front of a formula character by our own export is taken off again.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def clean_multiline(value) -> str:
    """A cell whose line breaks are kept (an organisation's «Контакты»): each line cleaned, empty lines dropped."""
    if not isinstance(value, str):
        return clean_text(value)
    lines = (clean_text(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """The form used for comparing names: case and ё/е ignored, spaces collapsed."""
    if " " in text or not text.isprintable():  # printable text without a space has no whitespace at all
        text = " ".join(text.split())
    return text.casefold().replace("ё", "е")


# A format hint or unit in brackets: «Дата рождения (дд.мм.гггг)», «Стаж [лет]».
_HEADER_HINT = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
# Punctuation of any kind (Ф.И.О., «Фамилия, имя, отчество», E-mail, №, *): gone, words kept apart by spaces.
_HEADER_PUNCTUATION = re.compile(r"[^\w\s]|_")
_HEADER_JOINED = re.compile(r"(?<=\w)[.\-‐‑/](?=\w)")


def normalize_header(text: str) -> str:
    """A header cell as it is compared: case, ё/е, line breaks, spaces, punctuation, `*` and hints in brackets
    ignored. `Ф.И.О.` and `ФИО` are one word, `Фамилия, имя, отчество` is three."""
    text = _HEADER_HINT.sub(" ", fold(str(text)))
    text = _HEADER_JOINED.sub("", text)
    return " ".join(_HEADER_PUNCTUATION.sub(" ", text).split())


def normalize_dashes(text: str) -> str:
    """`ученик - ученик`, `ученик—ученик` and `ученик–ученик` are all `ученик–ученик`."""
    return _DASH_RE.sub("–", fold(text))


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*г\.?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
# Excel serial numbers of 1927…2119: anything else in a date column is a mistake, not a date.
_SERIAL_RANGE = (10_000, 80_000)


def parse_date(value):
    if value.__class__ is datetime.date:
        return value
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise CellError(_("«%(value)s» is not a date: write it as DD.MM.YYYY.") % {"value": clean_text(value)})
    text = clean_text(value)
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.match(text)
        if not match:
            raise CellError(_("«%(value)s» is not a date: write it as DD.MM.YYYY.") % {"value": text})
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("There is no such date: «%(value)s».") % {"value": text}) from None


# Latin letters that look like Cyrillic ones, as typed on the wrong keyboard layout.
_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_CLASS_RE = re.compile(r"^(\d{1,2})([А-ЯЁ]?)$")
_CLASS_NOISE = re.compile(f"[\\s\"'«»“”„{re.escape(DASHES)}]|КЛАСС|КЛ\\.?")


def parse_class(value):
    """`7Б`, `7 б`, `7-Б`, `7 "Б"` → (7, "Б"); a bare grade (`7`) has no letter."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).upper()
    if not text:
        raise CellError(_("Enter the class, e.g. 7Б."))
    compact = _CLASS_NOISE.sub("", text).translate(_LOOKALIKES)
    match = _CLASS_RE.match(compact)
    if not match:
        raise CellError(_("«%(value)s» is not a class: write it as 7Б.") % {"value": clean_text(value)})
    grade = int(match.group(1))
    if not 1 <= grade <= 11:
        raise CellError(_("Grade %(grade)d does not exist: grades go from 1 to 11.") % {"grade": grade})
    return grade, match.group(2)


def split_full_name(value):
    """«Алиев Руслан Тимур оглы» → ("Алиев", "Руслан", "Тимур оглы"); the patronymic may be missing."""
    parts = clean_text(value).split(" ")
    if len(parts) < 2 or not parts[0]:
        raise CellError(_("Write the surname, the name and the patronymic separated by spaces."))
    return parts[0], parts[1], " ".join(parts[2:])


def parse_key(value):
    """A record's key as the portal's export writes it (a whole number), None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if value > 0 else None
    text = clean_text(value)
    return int(text) if text.isdigit() and text.isascii() else None


# «Иванова Мария Сергеевна (код 12)»: a namesake without an ID as the portal's export names her.
_REFERENCE = re.compile(r"^(.*\S)\s*\(код (\d+)\)$")


def parse_reference(text):
    """(name, key) of a reference written with the portal's key, (text, None) of any other."""
    match = _REFERENCE.match(text)
    return (match.group(1), int(match.group(2))) if match else (text, None)


def reference(name, key):
    """The reference `parse_reference` reads back."""
    return f"{name} (код {key})"


_YES = {"да", "д", "yes", "y", "1", "+", "true", "истина", "есть"}
_NO = {"нет", "н", "no", "n", "0", "-", "false", "ложь", ""}


def parse_yes_no(value):
    if isinstance(value, bool):
        return value
    text = fold(clean_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(_("Write «да» or «нет».") + " " + _("Found: «%(value)s».") % {"value": clean_text(value)})


def parse_years(value):
    """Teaching experience in whole or decimal years (`12`, `12,5`, `12.5`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        years = Decimal(str(value))
    else:
        text = clean_text(value).replace(",", ".")
        try:
            years = Decimal(text)
        except InvalidOperation:
            raise CellError(_("«%(value)s» is not a number of years.") % {"value": clean_text(value)}) from None
    if not years.is_finite() or years < 0 or years > 70:
        raise CellError(_("The experience must be between 0 and 70 years."))
    return years


def career_start_from_years(years, today):
    return today - datetime.timedelta(days=round(float(years) * 365.25))


def split_list(value, separators=";"):
    text = clean_text(value)
    return [p.strip() for p in re.split(f"[{separators}]", text) if p.strip()]


def parse_categories(value, catalogue):
    """Categories separated by `;` or `,`, each by its short or full name (a full name may hold a comma).

    `catalogue` maps folded short and full names to categories.
    """
    tokens = [t.strip() for t in re.split(r"[;,]", clean_text(value))]
    found, i = [], 0
    while i < len(tokens):
        if not tokens[i]:
            i += 1
            continue
        for j in range(len(tokens), i, -1):
            category = catalogue.get(fold(", ".join(tokens[i:j])))
            if category is not None:
                found.append(category)
                i = j
                break
        else:
            raise CellError(
                _("Unknown category «%(value)s». Use one of: %(names)s.")
                % {"value": tokens[i], "names": ", ".join(sorted({c.short_name for c in catalogue.values()}))}
            )
    return list(dict.fromkeys(found))


# The first words of the lines under a list that are not people: totals, signatures, the seal, a date.
_FOOTER_WORDS = (
    "итого", "всего", r"м\.?\s*п\.?", "директор", "заместитель", r"зам\.", "врио", r"и\.\s*о\.", "руководитель",
    "классный руководитель", "подпись", "исполнитель", "составил", "составлен", "ответственный", "секретарь",
    "председатель", "главный бухгалтер", "дата", "согласовано", "утверждаю", "примечание", "список составлен",
    "список проверен",
)  # fmt: skip
_FOOTER_START = re.compile(f"^({'|'.join(_FOOTER_WORDS)})(?!\\w)")
# Each word begins with a plain letter: a row whose first cell begins with none of them is no total or signature.
_FOOTER_FIRST_LETTERS = frozenset(word[0] for word in _FOOTER_WORDS)
_DATE_LINE = re.compile(r"^[«\"']?\d{1,2}[»\"']?[\s.]+(\d{1,2}|[а-я]+)[\s.]+\d{4}(\s*г\.?|\s*года)?$")


def is_footer_line(cells) -> bool:
    """Whether a row reads as a total («Итого: 40 обучающихся»), a signature («Директор ____ И.О. Фамилия»),
    the seal («М.П.») or a date line under the list, rather than as a record."""
    # The quick answer for a record (every data row asks): two or more cells, no signature line, and a first
    # cell whose first character starts none of the footer words. Anything else is read in full below.
    first, filled = None, 0
    for cell in cells:
        if cell is None:
            continue
        if cell.__class__ is str:
            if "___" in cell:  # a signature line (cleaning keeps the underscores)
                return True
            if not cell.strip() and not clean_text(cell):
                continue
        if first is None:
            first = cell
        filled += 1
    if first is None:
        return False
    if filled > 1:
        kind = first.__class__
        if kind is int or kind is float or kind is datetime.date or kind is datetime.datetime:
            return False  # its text begins with a digit or a minus
        start = first[0] if kind is str else " "
        if not start.isspace() and start != "'" and start.casefold().replace("ё", "е") not in _FOOTER_FIRST_LETTERS:
            return False
    return _is_footer_line(cells)


def _is_footer_line(cells) -> bool:
    filled = [c for c in cells if c is not None and (not isinstance(c, str) or c.strip() or clean_text(c))]
    if not filled:
        return False
    if any(isinstance(c, str) and "___" in c for c in filled):
        return True
    first = fold(clean_text(filled[0]))
    if _FOOTER_START.match(first):
        return True
    if len(filled) == 1:
        if isinstance(filled[0], datetime.date):
            return True
        return bool(_DATE_LINE.match(first))
    return False
