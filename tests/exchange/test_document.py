"""The report's schema carries no personal data, and validate_document speaks Russian.

The walk below fails when the schema gains an open object, a field whose name looks personal, or a string
field nobody has reviewed: add it to STRING_FIELDS with the reason it cannot carry a person."""

import datetime
import re
from copy import deepcopy

import pytest

from exchange.document import SCHEMA, canonical_bytes, validate_document
from exchange.report import report_build
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory
from tests.public.factories import DocumentFactory

PERSONAL = re.compile(
    r"name|surname|patronymic|fio|birth|born|roster|e_?mail|phone|snils|address|passport|inn|contact|person|"
    r"director|author|comment|note|text|answer_text",
    re.IGNORECASE,
)
# A property whose name matches PERSONAL but is not a person's (with the reason).
PERSONAL_NAME_EXEMPT = {
    "school.name": "the school's full name: an organisation's, printed on its public site",
    "school.short_name": "the school's short name: an organisation's",
}
# Every string-typed property, with why it cannot carry a person's name, birth date or roster ID.
STRING_FIELDS = {
    "monitoring_date": "a monitoring date (20.06 or 20.12), pattern YYYY-MM-DD",
    "generated_at": "when the report was built, a date-time",
    "school.code": "the school's code at the hub, a pattern of letters and digits",
    "school.name": "the school's name (an organisation)",
    "school.short_name": "the school's short name (an organisation)",
    "school.town": "the school's town",
    "school.district": "the school's district",
    "school.website": "the school's public site",
    "period.start": "1 January of the year, a date",
    "period.end": "the monitoring date",
    "participation.rows[].form": "a form of mentoring (reference data)",
    "participation.rows[].role_model": "a role model (reference data)",
    "participation.forms[].form": "a form of mentoring",
    "pairs_by_status[].form": "a form of mentoring",
    "pairs_by_status[].role_model": "a role model",
    "movements.forms[].form": "a form of mentoring",
    "plans.forms[].form": "a form of mentoring",
    "questionnaires.items[].questionnaire": "a questionnaire's title (the school's own questionnaire)",
    "questionnaires.items[].purpose": "entry / exit / satisfaction…, a code",
    "questionnaires.items[].role": "mentor / mentee…, a code",
    "questionnaires.items[].key": "a question's key, a code",
    "questionnaires.items[].kind": "scale / yes-no / one / many / open, a code",
    "questionnaires.items[].question": "the question's wording (never an answer)",
    "questionnaires.growth[].form": "a form of mentoring (growth is never grouped by class)",
    "questionnaires.growth[].key": "a question's key",
    "questionnaires.growth[].question": "the question's wording",
    "checklist[].code": "a checklist line's code, a pattern",
    "checklist[].title": "a checklist line's title",
    "checklist[].links[].title": "a published document's title (public on the school's site)",
    "checklist[].links[].date": "a published document's date",
    "checklist[].links[].url": "a published document's public link",
}


def _walk(schema, path=""):
    """(path, schema) of every subschema, objects' properties as a.b, array items as a[]."""
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{name}" if path else name)
    if "items" in schema:
        yield from _walk(schema["items"], f"{path}[]")


def _types(schema):
    kind = schema.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def test_every_object_of_the_schema_is_closed():
    objects = [(path, s) for path, s in _walk(SCHEMA) if "object" in _types(s) or "properties" in s]
    assert len(objects) > 20
    assert [path for path, s in objects if s.get("additionalProperties") is not False] == []


def test_no_property_name_looks_like_a_persons_data():
    personal = [path for path, _s in _walk(SCHEMA) if path and PERSONAL.search(path.rsplit(".", 1)[-1])]
    assert sorted(set(personal) - set(PERSONAL_NAME_EXEMPT)) == []


def test_every_string_field_is_reviewed():
    strings = {path for path, s in _walk(SCHEMA) if "string" in _types(s)}
    assert sorted(strings - set(STRING_FIELDS)) == [], "a new string field: review it and add it to STRING_FIELDS"
    assert sorted(set(STRING_FIELDS) - strings) == []  # the list stays true


def test_no_field_is_free_of_a_type_enum_or_const():
    untyped = [path for path, s in _walk(SCHEMA) if path and not ({"type", "const", "enum"} & set(s))]
    assert untyped == []


@pytest.fixture
def people(db, settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    mentee = StudentFactory(
        last_name="Криворучкина", first_name="Евлампия", roster_id="R-77431", birth_date=datetime.date(2011, 7, 23)
    )
    mentor = StudentFactory(
        last_name="Забелдуев", first_name="Ипполит", roster_id="R-55102", birth_date=datetime.date(2008, 4, 17)
    )
    teacher = TeacherFactory(
        last_name="Перепелицына", first_name="Аглая", roster_id="T-90317", birth_date=datetime.date(1979, 2, 11)
    )
    MentorshipFactory(mentor=mentor, mentees=[mentee], start_date=datetime.date(2024, 9, 1))
    MentorshipFactory(mentor=teacher, start_date=datetime.date(2024, 3, 1), roster_id="P-31337")
    DocumentFactory(title="Приказ о наставничестве", date=datetime.date(2024, 2, 1))
    return [mentee, mentor, teacher]


def test_no_persons_name_roster_id_or_birth_date_is_in_the_report(people):
    document = report_build(as_of=datetime.date(2024, 12, 20))
    assert validate_document(document) == []
    assert document["participation"]["total"]["mentorships"] == 2
    body = canonical_bytes(document).decode()
    for person in people:
        for value in (
            person.last_name,
            person.first_name,
            person.patronymic,
            person.roster_id,
            person.birth_date.isoformat(),
            person.birth_date.strftime("%d.%m.%Y"),
        ):
            assert value not in body, value
    assert "P-31337" not in body


# validate_document's Russian messages ------------------------------------------------------------------------


@pytest.fixture
def valid(db, settings):
    settings.HUB_SCHOOL_CODE = "licey-1"
    document = report_build(as_of=datetime.date(2024, 12, 20))
    assert validate_document(document) == []
    return document


def test_a_missing_field_is_named_in_russian(valid):
    document = deepcopy(valid)
    del document["school"]["town"]
    assert validate_document(document) == ["school — нет обязательного поля"]


def test_a_wrong_type_is_named_in_russian(valid):
    document = deepcopy(valid)
    document["kpi"][0]["numerator"] = "десять"
    assert validate_document(document) == ["kpi/0/numerator — значение неверного типа"]


def test_an_unknown_field_is_refused_in_russian(valid):
    document = deepcopy(valid)
    document["school"]["director"] = "Иванова Мария Петровна"
    assert validate_document(document) == ["school — поле, которого нет в формате"]


def test_forbidden_characters_are_refused_in_russian(valid):
    document = deepcopy(valid)
    document["school"]["town"] = "Киров\u202e"
    assert validate_document(document) == ["school/town: в тексте есть недопустимые символы."]


def test_an_empty_document_is_refused_without_echoing_values(valid):
    errors = validate_document({"format": "другой"})
    assert errors and all("другой" not in error for error in errors)
