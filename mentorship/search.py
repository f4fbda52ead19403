"""How people and organisations are found by name: the one rule the lists, the people picker and any other
search use (docs/roster.md, «Поиск по ФИО»).

Names are compared folded: lower case and «ё» as «е», in Python, so SQLite (whose LIKE folds ASCII only) and
PostgreSQL answer alike. Each record keeps its folded words in a stored column, `search_name`, computed here
and nowhere else (`Person.save()`, `Organization.save()`, the bulk paths through `fill_search_names`, the
data migration). A person's column tags every word with its part of the name, starts with a space and ends
with one:

    «Петрова-Водкина Мария Ивановна» → " l:петрова-водкина l:водкина f:мария p:ивановна "

(a hyphenated part also keeps its words after each hyphen), so «the start of a word of the surname» is a
plain `contains(" l:" + word)`, and «the whole patronymic» is `contains(" p:" + word + " ")`.

The rule for people:
- every query word matches the START of a word of a name part, never its inside («ван» finds no «Иванов»);
  an initial with a dot («П.») is the first letter of a part;
- a query word matches the surname or the first name by its start, the patronymic only as a whole word
  («иванович») or, by its start, after a query word that matched the first name («Пётр Ив», «Иванов П. И.»):
  so «иванов» finds «Иванов», «Иванова», «Ивановский», but not «Петрова Мария Ивановна»;
- several query words all match, each a different part (surname and first name in any order);
- a query word with a digit also matches the roster ID by its start (so the exact ID too), in any letter case;
- more than four words (three name parts and the ID) find no one.

Organisations: every query word matches the start of a word of the name, or the start of the INN.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import permutations
from typing import Any

from django.db.models import Q

SEARCH_NAME_MAX_LENGTH = 2000

LAST, FIRST, PATRONYMIC, ROSTER_ID = "l", "f", "p", "id"
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_JOINER = re.compile(r"[-']")


def fold(text: str) -> str:
    """The form names are compared in: lower case, «ё» as «е», a typographic apostrophe as a plain one."""
    return (text or "").lower().replace("ё", "е").replace("’", "'")


def words(text: str) -> list[str]:
    """The folded words of `text`: letters and digits, hyphenated words kept whole; punctuation dropped."""
    return _WORD.findall(fold(text))


def _tokens(text: str) -> list[str]:
    """The words of a name part, and each hyphenated word again from every hyphen on."""
    folded = fold(text)
    if folded.isalnum():
        # One plain word (letters and digits: exactly what `[^\W_]+` matches, no hyphen, no apostrophe), the
        # usual name part: no pattern to run.
        return [folded]
    tokens = []
    for word in _WORD.findall(folded):
        tokens.append(word)
        tokens.extend(word[m.end() :] for m in _JOINER.finditer(word))
    return tokens


def _column(tagged: Iterable[str]) -> str:
    tagged = tuple(tagged)
    joined = " " + " ".join(tagged) + " "
    if len(joined) <= SEARCH_NAME_MAX_LENGTH:
        return joined if tagged else " "
    column = " "
    for token in tagged:
        if len(column) + len(token) + 1 > SEARCH_NAME_MAX_LENGTH:
            break
        column += token + " "
    return column


def person_search_name(last_name: str, first_name: str, patronymic: str) -> str:
    """A person's `search_name`: the folded words of each part, tagged with the part."""
    # The column is the parts' tagged words, each after a space, and a closing space (" " for no words at all).
    column = (
        _tagged_words(LAST, last_name or "")
        + _tagged_words(FIRST, first_name or "")
        + _tagged_words(PATRONYMIC, patronymic or "")
        + " "
    )
    if len(column) <= SEARCH_NAME_MAX_LENGTH:
        return column
    return _column(
        (*_tagged(LAST, last_name or ""), *_tagged(FIRST, first_name or ""), *_tagged(PATRONYMIC, patronymic or ""))
    )  # too long: cut after the last word that fits


def _tagged(tag: str, text: str) -> tuple[str, ...]:
    return tuple(f"{tag}:{token}" for token in _tokens(text))


@lru_cache(maxsize=65536)
def _tagged_words(tag: str, text: str) -> str:
    """ " l:петрова-водкина l:водкина": a part's tagged words, each after a space ("" for none).

    Names repeat (first names and patronymics above all): a roster import of 100,000 people computes each once."""
    return "".join(f" {tag}:{token}" for token in _tokens(text))


def organization_search_name(name: str) -> str:
    """An organisation's `search_name`: the folded words of its name."""
    return _column(_tokens(name))


def fill_search_names(records: Iterable[Any]) -> None:
    """Set `search_name` on people or organisations about to be written in bulk (bulk_create/bulk_update)."""
    for record in records:
        if hasattr(record, "last_name"):
            record.search_name = person_search_name(record.last_name, record.first_name, record.patronymic)
        else:
            record.search_name = organization_search_name(record.name)


def _nothing(prefix: str) -> Q:
    return Q(**{f"{prefix}pk__in": []})


def _query_words(value: str) -> list[tuple[str, str]]:
    """(folded word, word as typed) for each word of the query; punctuation-only words are ignored."""
    found: list[tuple[str, str]] = []
    for raw in value.split():
        folded = words(raw)
        found.extend((word, raw.strip(".,;") if len(folded) == 1 else word) for word in folded)
    return found


def _roster_id_q(raw: str, prefix: str) -> Q:
    q = Q()
    for variant in {raw, raw.upper(), raw.lower()}:
        q |= Q(**{f"{prefix}roster_id__startswith": variant})
    return q


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _part_q(part: str, word: str, raw: str, prefix: str, *, whole: bool) -> Q:
    if part == ROSTER_ID:
        return _roster_id_q(raw, prefix)
    needle = f" {part}:{word}" + (" " if whole else "")
    return Q(**{f"{prefix}search_name__contains": needle})


def name_query(value: str, prefix: str = "") -> Q:
    """The people whose name (or roster ID) answers the query `value` by the rule above; `prefix` is the
    path to the person («mentor__») when filtering another model."""
    query = _query_words(value)
    if not query:
        return Q()
    parts = (LAST, FIRST, PATRONYMIC, ROSTER_ID)
    if len(query) > len(parts):
        return _nothing(prefix)
    found = Q()
    for assignment in permutations(parts, len(query)):
        if any(part == ROSTER_ID and not _has_digit(raw) for part, (_word, raw) in zip(assignment, query, strict=True)):
            continue  # roster IDs are codes with digits: a plain word is not tried as one
        term = Q()
        first_name_seen = False
        for part, (word, raw) in zip(assignment, query, strict=True):
            whole = part == PATRONYMIC and not first_name_seen
            term &= _part_q(part, word, raw, prefix, whole=whole)
            first_name_seen = first_name_seen or part == FIRST
        found |= term
    return found


def organization_query(value: str, prefix: str = "") -> Q:
    """The organisations whose name has a word starting with each query word, or whose INN starts with it."""
    found = Q()
    for word, raw in _query_words(value):
        found &= Q(**{f"{prefix}search_name__contains": f" {word}"}) | Q(**{f"{prefix}inn__startswith": raw})
    return found
