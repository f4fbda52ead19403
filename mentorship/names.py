"""A person's name as it appears in Russian free text: every case, any order, initials, ё or е.

Used wherever a text is checked for a registry person: the purge (replace every mention of a child
whose consent was withdrawn), the public page's consent rule (a hand-typed entry that names a student)
and the act's grounds (which must not name the child). The declension comes from petrovich (rules for
Russian first names, patronymics and surnames), not from endings written here.

The documents need a name and a post in another case («объявляется Наставниковой Ирине Сергеевне,
учителю»): `declined_full_name` (petrovich; pymorphy3's dictionary of first names where petrovich's
rules leave one unchanged) and `declined_post` (pymorphy3: the head noun of a post and the adjectives
before it change, the genitive tail — «математики», «директора по УВР» — stays).

A *full* mention — the surname with the first name or the initials, in any case and word order, or
the first name with the patronymic — identifies the person and is replaced automatically. The surname
alone may be someone else's (a sibling, a namesake), so it is only *found*, for a person to decide.
"""

import functools
import re
from dataclasses import dataclass

import pymorphy3
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


# Declension for documents: a name and a post in another case.

_PYMORPHY_CASES = {
    Case.GENITIVE: "gent",
    Case.DATIVE: "datv",
    Case.ACCUSATIVE: "accs",
    Case.INSTRUMENTAL: "ablt",
    Case.PREPOSITIONAL: "loct",
}


@functools.lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _same_case_pattern(word: str, like: str) -> str:
    """`word` written as `like` is: «учителю» for «Учитель», «УЧИТЕЛЮ» for «УЧИТЕЛЬ»."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def name_gender(first_name: str, patronymic: str = "") -> Gender:
    """The gender of a name: by the patronymic, else by the first name in pymorphy3's dictionary of names,
    else by its ending (-а, -я: female)."""
    genders = _genders(first_name, patronymic)
    if len(genders) == 1:
        return genders[0]
    for parse in _morph().parse(first_name.strip()):
        if "Name" in parse.tag and "nomn" in parse.tag:
            if "femn" in parse.tag:
                return Gender.FEMALE
            if "masc" in parse.tag:
                return Gender.MALE
    return Gender.FEMALE if first_name.strip().lower().endswith(("а", "я")) else Gender.MALE


def _inflect(inflect, value: str, case: int, gender: Gender) -> str:
    try:
        return inflect(value, case, gender) or value
    except (ValueError, KeyError, IndexError):  # an unusual name stays as it is
        return value


def _first_name_in_case(first_name: str, case: int, gender: Gender) -> str:
    declined = _inflect(_petrovich.firstname, first_name, case, gender)
    if declined != first_name:
        return declined
    # petrovich's rules leave some names as they are («Кузьма»): ask pymorphy3's dictionary of names.
    grammeme = _PYMORPHY_CASES[case]
    wanted = "femn" if gender == Gender.FEMALE else "masc"
    for parse in _morph().parse(first_name):
        if "Name" in parse.tag and "nomn" in parse.tag and (wanted in parse.tag or "ms-f" in parse.tag):
            form = parse.inflect({grammeme})
            if form is not None:
                return _same_case_pattern(form.word, first_name)
    return declined


def _surname_in_case(last_name: str, case: int, gender: Gender) -> str:
    if last_name.lower().endswith(("ых", "их")):  # Черных, Долгих: never declined
        return last_name
    return _inflect(_petrovich.lastname, last_name, case, gender)


def declined_full_name(last_name: str, first_name: str, patronymic: str = "", *, case: int = Case.DATIVE) -> str:
    """«Наставникова Ирина Сергеевна» in `case` (dative by default): «Наставниковой Ирине Сергеевне».
    Double surnames decline both parts, indeclinable ones (Шевченко, Дюма, Черных) stay."""
    last_name, first_name, patronymic = (part.strip() for part in (last_name, first_name, patronymic or ""))
    gender = name_gender(first_name, patronymic)
    parts = [
        _surname_in_case(last_name, case, gender) if last_name else "",
        _first_name_in_case(first_name, case, gender) if first_name else "",
        _inflect(_petrovich.middlename, patronymic, case, gender) if patronymic else "",
    ]
    return " ".join(part for part in parts if part)


def person_full_name_declined(person, *, case: int = Case.DATIVE) -> str:
    return declined_full_name(person.last_name, person.first_name, person.patronymic, case=case)


def _nominative_parse(word: str, *, adjective: bool):
    """The parse of `word` as a nominative noun (or an adjective, when asked), if it is one."""
    wanted = "ADJF" if adjective else "NOUN"
    for parse in _morph().parse(word):
        if wanted == parse.tag.POS and parse.tag.case == "nomn" and parse.tag.number != "plur":
            return parse
    return None


def declined_post(post: str, *, case: int = Case.DATIVE) -> str:
    """A post in `case`, changing only its head: the adjectives before the first nominative noun and that
    noun («старший преподаватель» → «старшему преподавателю», «педагог-психолог» → «педагогу-психологу»);
    the rest stays («учитель математики» → «учителю математики», «заместитель директора по УВР» →
    «заместителю директора по УВР»). A post pymorphy3 does not know stays as it is."""
    grammeme = _PYMORPHY_CASES.get(case)
    words = post.split(" ")
    if grammeme is None or not post.strip():
        return post
    result = list(words)
    for index, word in enumerate(words):
        if not word:
            continue
        stripped = word.strip(',.;:()«»"')
        noun = _nominative_parse(stripped.lower(), adjective=False)
        adjective = _nominative_parse(stripped.lower(), adjective=True)
        following_noun = any(_nominative_parse(w.lower(), adjective=False) for w in words[index + 1 : index + 2] if w)
        # An adjective before a noun («старший преподаватель»), unless the word is the noun itself.
        parse = adjective if adjective is not None and (noun is None or following_noun) else noun
        if parse is None:
            return post  # not a post we can read: leave it whole rather than half-declined
        form = parse.inflect({grammeme})
        if form is None:
            return post
        result[index] = word.replace(stripped, _same_case_pattern(form.word, stripped))
        if parse is noun:
            return " ".join(result)
    return post
