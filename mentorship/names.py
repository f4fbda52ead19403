"""A person's name as it appears in Russian free text: every case, any order, initials, ё or е.

Used wherever a text is checked for a registry person: the purge (replace every mention of a child
whose consent was withdrawn), the public page's consent rule (a hand-typed entry that names a student)
and the act's grounds (which must not name the child). The declension comes from petrovich (rules for
Russian first names, patronymics and surnames), not from endings written here.

A *full* mention — the surname with the first name or the initials, in any case and word order, or
the first name with the patronymic — identifies the person and is replaced automatically. The surname
alone may be someone else's (a sibling, a namesake), so it is only *found*, for a person to decide.
"""

import functools
import re
from dataclasses import dataclass

from petrovich.enums import Case, Gender
from petrovich.main import Petrovich

ANONYMOUS = "[обезличено]"

_petrovich = Petrovich()
_SPACE = r"[\s\u00a0_]+"  # file names join the words with underscores
_SEP = r",?" + _SPACE  # «Зеленоглазова, Снежана» as in lists


@dataclass(frozen=True)
class NameForms:
    surnames: frozenset[str]
    first_names: frozenset[str]
    patronymics: frozenset[str]
    initials: tuple[str, str]  # the first letters of the first name and the patronymic ("" if none)


def _genders(first_name, patronymic):
    ending = patronymic.lower()
    if ending.endswith(("вна", "чна", "кызы")):
        return (Gender.FEMALE,)
    if ending.endswith(("вич", "ич", "оглы")):
        return (Gender.MALE,)
    return (Gender.FEMALE, Gender.MALE)


def _declined(inflect, value, genders):
    forms = {value}
    if not value:
        return frozenset()
    for gender in genders:
        for case in Case.CASES:
            try:
                forms.add(inflect(value, case, gender))
            except (ValueError, KeyError, IndexError):  # an unusual name: its nominative still counts
                continue
    return frozenset(f for f in forms if f)


@functools.lru_cache(maxsize=4096)
def name_forms(last_name: str, first_name: str, patronymic: str = "") -> NameForms:
    """Every singular case of each part of the name (both genders' rules when the patronymic does not
    tell the gender)."""
    last_name, first_name, patronymic = (part.strip() for part in (last_name, first_name, patronymic or ""))
    genders = _genders(first_name, patronymic)
    return NameForms(
        surnames=_declined(_petrovich.lastname, last_name, genders),
        first_names=_declined(_petrovich.firstname, first_name, genders),
        patronymics=_declined(_petrovich.middlename, patronymic, genders),
        initials=(first_name[:1], patronymic[:1]),
    )


def person_name_forms(person) -> NameForms:
    return name_forms(person.last_name, person.first_name, person.patronymic)


_YO = {"е": "[её]", "ё": "[её]", "Е": "[ЕЁ]", "Ё": "[ЕЁ]"}


def _yo(text):
    return "".join(_YO.get(char, re.escape(char)) for char in text)


def _alternation(forms):
    return "(?:" + "|".join(_yo(f) for f in sorted(forms, key=len, reverse=True)) + ")"


def _word(pattern):
    # Not inside a longer word: no letter, digit or hyphen next to it (an underscore separates words).
    return rf"(?<![^\W_])(?<!-){pattern}(?![^\W_])(?!-)"


@functools.lru_cache(maxsize=4096)
def _patterns(forms: NameForms):
    surname = _alternation(forms.surnames) if forms.surnames else None
    first = _alternation(forms.first_names) if forms.first_names else None
    middle = _alternation(forms.patronymics) if forms.patronymics else None
    first_initial, middle_initial = (_yo(letter) for letter in forms.initials)
    initials = None
    if first_initial:
        initials = rf"{first_initial}\.\s?" + (rf"(?:{middle_initial}\.)?" if middle_initial else "")
    full = []
    if surname and first:
        given = first + (rf"(?:{_SPACE}{middle})?" if middle else "")
        full += [rf"{surname}{_SEP}{given}", rf"{given}{_SPACE}{surname}"]
    if surname and initials:
        full += [rf"{surname}{_SEP}{initials}", rf"{initials}\s?{surname}"]
    if first and middle:
        full.append(rf"{first}{_SPACE}{middle}")
    flags = re.IGNORECASE
    return (
        re.compile(_word("(?:" + "|".join(full) + ")"), flags) if full else None,
        re.compile(_word(surname), flags) if surname else None,
        re.compile(_word(first), flags) if first else None,
    )


def replace_mentions(text: str, forms: NameForms, *, alone: bool = False) -> tuple[str, int]:
    """The text with every full mention replaced by «[обезличено]»; with `alone` (a record the person is part
    of, where a part of the name can only be hers) the surname alone and the first name alone too.
    Returns the text and how many were replaced."""
    if not text:
        return text, 0
    count = 0
    for pattern in _patterns(forms) if alone else _patterns(forms)[:1]:
        if pattern is not None:
            text, more = pattern.subn(ANONYMOUS, text)
            count += more
    return text, count


def surname_mentions(text: str, forms: NameForms) -> list[tuple[int, int]]:
    """Where the surname stands alone in the text (start, end): for a person to decide."""
    _full, surname, _first = _patterns(forms)
    if not text or surname is None:
        return []
    return [match.span() for match in surname.finditer(text)]


def mentions(text: str, forms: NameForms, *, surname_alone: bool = True) -> bool:
    """Whether the text names the person: a full mention, or (by default) the surname alone."""
    if not text:
        return False
    full, surname, _first = _patterns(forms)
    if full is not None and full.search(text):
        return True
    return bool(surname_alone and surname is not None and surname.search(text))


def surname_stem(last_name: str) -> str:
    """The part of a surname that every case keeps (a cheap first filter before the full check)."""
    folded = last_name.strip().lower().replace("ё", "е")
    return folded[: max(3, len(folded) - 2)]
