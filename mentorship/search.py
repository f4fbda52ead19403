"""How people are found by name: the one rule the lists, the people picker and any other search use."""

from django.db.models import Q


def name_query(value, prefix=""):
    """Case-insensitive name search that also works for Cyrillic on SQLite (whose LIKE folds ASCII only)."""
    q = Q()
    for word in value.split():
        variants = {word, word.lower(), word.capitalize(), word.upper()}
        word_q = Q()
        for v in variants:
            for field in ("last_name", "first_name", "patronymic", "roster_id"):
                word_q |= Q(**{f"{prefix}{field}__contains": v})
        q &= word_q
    return q
