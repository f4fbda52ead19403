"""The monitoring report a school sends to its municipality's or region's hub: one JSON document per
monitoring date, version `VERSION` of format `FORMAT`.

This module is the document's one definition, shared by the school portal that builds and signs it
(exchange/) and the hub that receives it (hub/): the JSON Schema below, its validation with Russian
messages, and the canonical bytes that are signed and hashed.

The schema is closed (`additionalProperties: false` at every level), so the set of fields a report can
carry is exactly the set written here. None of them is a person: no name, birth date, roster ID, contact
or free text about anyone — only the school's own details, counts, shares and the titles and public links
of the school's documents. tests/exchange/test_document.py walks the schema and fails on a field that
could carry a name, a birth date or a roster ID (docs/hub.md).
"""

import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from config.text import is_allowed

FORMAT = "nastavnichestvo.monitoring-report"
VERSION = 1
KPI_CODES = ("students_mentees", "students_mentors", "young_teachers_mentees", "organizations_mentors")
# A school's code at the hub: letters, digits, dot, dash, underscore (the hub gives it at registration).
SCHOOL_CODE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"

_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": ["number", "null"], "minimum": 0}
_LABEL = {"type": "string", "maxLength": 300}  # a form's, a role model's, a questionnaire's or a document's title
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _list(item: dict[str, Any], max_items: int = 1000) -> dict[str, Any]:
    return {"type": "array", "items": item, "maxItems": max_items}


_PEOPLE_COUNTS = {"mentorships": _COUNT, "mentors": _COUNT, "mentees": _COUNT}
_PLAN_COUNTS = {
    "plans": _COUNT,
    "items": _COUNT,
    "done": _COUNT,
    "in_progress": _COUNT,
    "planned": _COUNT,
    "overdue": _COUNT,
    "average_progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
    "fully_done": _COUNT,
}
_MOVES = {"started": _COUNT, "completed": _COUNT, "terminated": _COUNT}
_ROADMAP_STATUSES = ("planned", "in_progress", "done", "overdue")

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Monitoring report of a school's mentoring programme",
    **_object(
        {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "monitoring_date": _DATE,
            "generated_at": {"type": "string", "format": "date-time", "maxLength": 40},
            "school": _object(
                {
                    "code": {"type": "string", "pattern": SCHOOL_CODE_PATTERN},
                    "name": {"type": "string", "minLength": 1, "maxLength": 500},
                    "short_name": {"type": "string", "maxLength": 200},
                    "town": {"type": "string", "maxLength": 200},
                    "district": {"type": "string", "maxLength": 200},
                    "website": {"type": "string", "maxLength": 200},
                }
            ),
            # Period P(D) of ../shared/spec/kpi.md: 1 January of the date's year to the date.
            "period": _object({"start": _DATE, "end": _DATE}),
            "kpi": {
                "type": "array",
                "minItems": 4,
                "maxItems": 4,
                "items": _object(
                    {
                        "code": {"enum": list(KPI_CODES)},
                        "numerator": _COUNT,
                        "denominator": _COUNT,
                        "value": _SHARE,
                        "target": _SHARE,
                        "achieved": {"type": ["boolean", "null"]},
                    }
                ),
            },
            "participation": _object(
                {
                    "rows": _list(_object({"form": _LABEL, "role_model": _LABEL, **_PEOPLE_COUNTS})),
                    "forms": _list(_object({"form": _LABEL, **_PEOPLE_COUNTS})),
                    "total": _object(_PEOPLE_COUNTS),
                }
            ),
            "pairs_by_status": _list(
                _object(
                    {
                        "form": _LABEL,
                        "role_model": _LABEL,
                        "status": {"enum": ["draft", "active", "completed", "terminated", "cancelled"]},
                        "mentorships": _COUNT,
                    }
                )
            ),
            "movements": _object({"forms": _list(_object({"form": _LABEL, **_MOVES})), "total": _object(_MOVES)}),
            "plans": _object(
                {"forms": _list(_object({"form": _LABEL, **_PLAN_COUNTS})), "total": _object(_PLAN_COUNTS)}
            ),
            "roadmap": _object(
                {"total": _COUNT, "by_status": _object({status: _COUNT for status in _ROADMAP_STATUSES})}
            ),
            # Questionnaire aggregates: per question, the number of answers and their mean or «yes» share
            # (monitoring.selectors.item_aggregates; options and open answers stay at the portal); growth:
            # per form and scale question, the participants compared entry to exit, how many improved, the
            # means and their change (monitoring.selectors.growth_report by form), with the participants who
            # have an entry answer but no exit one and the participants compared.
            "questionnaires": _object(
                {
                    "items": _list(
                        _object(
                            {
                                "questionnaire": _LABEL,
                                "purpose": {"type": "string", "maxLength": 20},
                                "role": {"type": "string", "maxLength": 20},
                                "key": {"type": "string", "maxLength": 50},
                                "kind": {"type": "string", "maxLength": 20},
                                "question": {"type": "string", "maxLength": 500},
                                "answers": _COUNT,
                                "mean": {"type": ["number", "null"]},
                                "yes_share": _SHARE,
                            }
                        ),
                        max_items=2000,
                    ),
                    "growth": _list(
                        _object(
                            {
                                "form": _LABEL,
                                "key": {"type": "string", "maxLength": 50},
                                "question": {"type": "string", "maxLength": 500},
                                "compared": _COUNT,
                                "improved": _COUNT,
                                "entry_mean": {"type": ["number", "null"]},
                                "exit_mean": {"type": ["number", "null"]},
                                "change": {"type": ["number", "null"]},
                            }
                        )
                    ),
                    "missing_exit": _COUNT,
                    "compared_people": _COUNT,
                }
            ),
            # The monitoring checklist «на дату»: every line, present or not, with the public links of the
            # school's documents (absolute URLs of its public page).
            "checklist": _list(
                _object(
                    {
                        "code": {"type": "string", "pattern": r"^[a-z_]{1,50}$"},
                        "title": _LABEL,
                        "present": {"type": "boolean"},
                        "count": _COUNT,
                        "links": _list(
                            _object(
                                {
                                    "title": _LABEL,
                                    "date": {"type": ["string", "null"], "maxLength": 10},
                                    "url": {"type": "string", "maxLength": 500, "pattern": r"^https?://"},
                                }
                            ),
                            max_items=50,
                        ),
                    }
                ),
                max_items=50,
            ),
        }
    ),
}


def empty_questionnaires() -> dict[str, Any]:
    """The questionnaires' part of a report without any (an uploaded template, a school without answers)."""
    return {"items": [], "growth": [], "missing_exit": 0, "compared_people": 0}


_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _where(path) -> str:
    return "/".join(str(part) for part in path) or _("the document")


def _strings(value: Any, path: tuple = ()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def validate_document(document: Any) -> list[str]:
    """Russian messages for everything wrong with `document` (empty: it is a valid report).

    The schema first; then the text policy of the portal (config/text.py: no control characters, bidi
    marks or zero-width characters in any string), and the four indicators each once, in their order."""
    errors = [
        _("%(where)s: %(message)s") % {"where": _where(error.absolute_path), "message": _schema_message(error)}
        for error in sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if errors:
        return errors
    for path, text in _strings(document):
        if not is_allowed(text, multiline=False):
            errors.append(_("%(where)s: the text holds forbidden characters.") % {"where": _where(path)})
    codes = [row["code"] for row in document["kpi"]]
    if codes != list(KPI_CODES):
        errors.append(
            _("kpi: the four indicators must come once each, in the order %(codes)s.") % {"codes": ", ".join(KPI_CODES)}
        )
    return errors


def _schema_message(error) -> str:
    """jsonschema's English message put in Russian by the kind of failure (the value is not echoed)."""
    messages = {
        "required": _("a required field is missing"),
        "additionalProperties": _("a field the format does not know"),
        "type": _("the value has the wrong type"),
        "const": _("the value must be %(value)s") % {"value": json.dumps(error.validator_value)},
        "enum": _("the value is not one of the allowed ones"),
        "minimum": _("the value is below %(value)s") % {"value": error.validator_value},
        "maximum": _("the value is above %(value)s") % {"value": error.validator_value},
        "maxLength": _("the text is longer than %(value)s characters") % {"value": error.validator_value},
        "minLength": _("the text is empty"),
        "pattern": _("the value has the wrong form"),
        "format": _("the value is not a valid %(format)s") % {"format": error.validator_value},
        "minItems": _("too few items"),
        "maxItems": _("too many items"),
    }
    return messages.get(error.validator, _("the value does not fit the format"))


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The document as it is signed, sent and hashed: UTF-8 JSON, keys sorted, no spaces."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical bytes: the same report gives the same digest wherever it is computed."""
    return hashlib.sha256(canonical_bytes(document)).hexdigest()
