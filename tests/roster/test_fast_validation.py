"""The import's quick field test (config/validation.py) against the model's own full_clean, case by case.

`RowChecks.suspect` / `suspects` must flag every row `full_clean()` refuses (then the import runs the real
full_clean and shows Django's message), and let the valid ones through without it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from config.bulk import insert_rows
from config.validation import RowChecks
from mentorship.models import MenteeCategory, Organization, Person
from roster.importer import StudentImporter

pytestmark = pytest.mark.django_db

BIDI, ZERO_WIDTH = "\u202e", "\u200b"


def student(**values):
    row = StudentImporter(None, {}, None, None).row_defaults()
    row.update(last_name="Иванова", first_name="Анна", patronymic="Петровна", grade=7, class_letter="Б")
    row.update(birth_date=datetime.date(2011, 3, 4), roster_id="S-1")
    row.update(values)
    return row


def full_clean_errors(row):
    person = Person(**row)
    try:
        person.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


INVALID = {
    "surname too long": {"last_name": "Я" * 101},
    "surname empty": {"last_name": ""},
    "surname None": {"last_name": None},
    "name with a control character": {"first_name": "Ан\x07на"},
    "name with a line break": {"first_name": "Ан\nна"},
    "name with a tab": {"first_name": "Ан\tна"},
    "name with a direction override": {"first_name": f"Анна{BIDI}"},
    "name with a zero-width space": {"first_name": f"Ан{ZERO_WIDTH}на"},
    "name with a line separator": {"first_name": "Ан\u2028на"},
    "patronymic with DEL": {"patronymic": "Петровна\x7f"},
    "patronymic with a C1 control": {"patronymic": "Петровна\x85"},
    "patronymic too long": {"patronymic": "П" * 101},
    "roster ID too long": {"roster_id": "S" * 51},
    "roster ID with a control": {"roster_id": "S\x00-1"},
    "class letter too long": {"class_letter": "АБВГ"},
    "grade 0": {"grade": 0},
    "grade 12": {"grade": 12},
    "grade negative": {"grade": -1},
    "birth date as text": {"birth_date": "04.03.2011"},
    "unknown kind": {"kind": "alien"},
    "empty kind": {"kind": ""},
    "position too long": {"position": "д" * 201},
    "subjects too long": {"subjects": "п" * 301},
    "subjects with a direction mark": {"subjects": f"математика{BIDI}"},
    "phone too long": {"phone": "1" * 51},
    "bad e-mail": {"email": "not-an-email"},
    "e-mail with a zero-width space": {"email": f"a{ZERO_WIDTH}@example.org"},
    "publication consent None": {"publication_consent": None},
    "publication consent as text": {"publication_consent": "да"},
    "an organisation that does not exist": {"organization_id": 999999},
}

# full_clean accepts these after converting them (`to_python`): the quick test leaves them to full_clean.
CONVERTED = {
    "grade as text": ({"grade": "7"}, "grade", 7),
    "grade as a boolean": ({"grade": True}, "grade", 1),
    "birth date as a datetime": (
        {"birth_date": datetime.datetime(2011, 3, 4, 10, 0)},
        "birth_date",
        datetime.date(2011, 3, 4),
    ),
}

VALID = {
    "as the import writes it": {},
    "no patronymic": {"patronymic": ""},
    "no roster ID": {"roster_id": None},
    "no date of birth": {"birth_date": None},
    "longest names": {"last_name": "Я" * 100, "first_name": "Я" * 100, "patronymic": "Я" * 100},
    "grade 1": {"grade": 1},
    "grade 11": {"grade": 11},
    "a valid e-mail": {"email": "anna@example.org"},
    "publication consent": {"publication_consent": True},
    "a name in another script": {"first_name": "Әлия"},
    "an apostrophe and a hyphen": {"last_name": "Д'Артаньян-Петрова"},
}


@pytest.mark.parametrize("case", INVALID)
def test_every_row_full_clean_refuses_is_suspect_alone_and_in_a_column(case):
    row = student(**INVALID[case])
    assert full_clean_errors(row), f"the case «{case}» must be invalid for the model itself"
    checks = RowChecks(Person, known={"organization_id": set(Organization.objects.values_list("pk", flat=True))})
    assert checks.suspect(row)
    # In a column of valid rows the quick column test must still find exactly this row.
    rows = [student(roster_id=f"S-{n}") for n in range(5)]
    rows.insert(3, row)
    assert checks.suspects(rows) == {3}


@pytest.mark.parametrize("case", VALID)
def test_every_row_full_clean_accepts_is_let_through_without_it(case):
    row = student(**VALID[case])
    assert full_clean_errors(row) == {}
    checks = RowChecks(Person)
    assert not checks.suspect(row)
    assert checks.suspects([row, student(roster_id="S-2")]) == set()


@pytest.mark.parametrize("case", CONVERTED)
def test_a_value_full_clean_would_convert_is_left_to_full_clean(case):
    values, field, converted = CONVERTED[case]
    row = student(**values)
    person = Person(**row)
    person.full_clean(validate_unique=False, validate_constraints=False)
    assert getattr(person, field) == converted
    assert RowChecks(Person).suspect(row)


def test_a_known_organisation_passes_and_an_unknown_key_is_left_to_full_clean():
    organization = Organization.objects.create(name="ООО «Ромашка»", territory=Organization.Territory.TOWN)
    row = student(kind=Person.Kind.EXTERNAL, grade=None, class_letter="", organization_id=organization.pk)
    assert full_clean_errors(row) == {}
    assert not RowChecks(Person, known={"organization_id": {organization.pk}}).suspect(row)
    assert RowChecks(Person).suspect(row)  # without the known keys full_clean's query decides


def test_the_import_shows_full_cleans_own_message_for_a_suspect_row(tmp_path):
    from roster.importer import roster_import
    from tests.roster.files import xlsx

    path = xlsx([["ФИО", "Дата рождения", "Класс"], ["Я" * 101 + " Анна", "01.02.2010", "7Б"]], tmp_path / "s.xlsx")
    result = roster_import(kind="students", path=path)
    expected = full_clean_errors(student(last_name="Я" * 101))["last_name"]
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "ФИО", expected[0])]


def test_insert_rows_writes_every_field_and_returns_the_new_keys_in_order():
    category = MenteeCategory.objects.first() or MenteeCategory.objects.create(code="x", short_name="X", name="X")
    rows = [student(roster_id=f"S-{n}", last_name=f"Фамилия{n}") for n in range(3)]
    now = datetime.datetime.now(datetime.UTC)
    for row in rows:
        row["created_at"] = row["updated_at"] = now
    pks = insert_rows(Person, rows)
    people = Person.objects.in_bulk(pks)
    assert [people[pk].last_name for pk in pks] == ["Фамилия0", "Фамилия1", "Фамилия2"]
    assert people[pks[1]].birth_date == datetime.date(2011, 3, 4) and people[pks[1]].grade == 7
    assert people[pks[2]].roster_id == "S-2" and people[pks[2]].patronymic == "Петровна"
    through = Person.categories.through
    insert_rows(through, [{"person_id": pks[0], "menteecategory_id": category.pk}])
    assert list(people[pks[0]].categories.all()) == [category]
    new = Person.objects.create(kind=Person.Kind.TEACHER, last_name="После", first_name="Всех")
    assert new.pk > max(pks)  # the sequence moved past the keys taken


def test_insert_rows_without_keys_lets_the_table_number_the_rows():
    rows = [student(roster_id=f"K-{n}", last_name=f"Без{n}") for n in range(4)]
    now = datetime.datetime.now(datetime.UTC)
    for row in rows:
        row["created_at"] = row["updated_at"] = now
    assert insert_rows(Person, rows, keys=False) == []
    assert sorted(Person.objects.filter(roster_id__startswith="K-").values_list("last_name", flat=True)) == [
        "Без0",
        "Без1",
        "Без2",
        "Без3",
    ]
    later = Person.objects.create(kind=Person.Kind.TEACHER, last_name="После", first_name="Всех")
    assert later.pk > max(Person.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_a_field_missing_from_a_row_reads_as_empty_in_a_column():
    checks = RowChecks(Person)
    without_surname = {name: value for name, value in student().items() if name != "last_name"}
    assert checks.suspects([student(), without_surname, student()], {"last_name"}) == {1}
    assert checks.suspects([student(), student()], {"last_name"}) == set()
