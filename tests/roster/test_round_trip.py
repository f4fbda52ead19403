"""Every registry's export imports back unchanged, whatever the registry holds (issue 16)."""

import datetime

import pytest

from config.xlsx import rows_to_xlsx
from mentorship.models import MenteeCategory, Mentorship, MentorshipForm, Organization, Person
from roster.exporting import export_rows
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ORDER = ["organizations", "students", "teachers", "external", "mentorships"]


@pytest.fixture
def registry():
    """A registry with the awkward cases: no birth date, no career start, no ID, multi-line contacts, a curator."""
    enterprise = OrganizationFactory(
        name="ПАО Сбербанк", inn="7707083893", contacts="+7 800 555-55-50\nsber@example.ru"
    )
    OrganizationFactory(name="ООО Вятка", contacts="", territory=Organization.Territory.DISTRICT)
    StudentFactory(roster_id="У-1", birth_date=None, categories=[MenteeCategory.objects.first()])
    StudentFactory(roster_id=None, last_name="Безидова", grade=10, birth_date=datetime.date(2008, 1, 10))
    StudentFactory(roster_id=None, last_name="Безидова", first_name="Анна", birth_date=None, date_left=None)
    StudentFactory(roster_id="У-2", publication_consent=True, pd_consent_date=datetime.date(2024, 9, 2))
    TeacherFactory(roster_id="Т-1", career_start=None, birth_date=None, subjects="физика, астрономия")
    TeacherFactory(roster_id=None, date_left=datetime.date(2024, 6, 30))
    ExternalMentorFactory(roster_id="Н-1", organization=enterprise, phone="8 912", email="m@example.ru")
    ExternalMentorFactory(roster_id=None, organization=Organization.objects.get(name="ООО Вятка"), birth_date=None)
    MentorshipFactory(
        roster_id="П-1", curator=UserFactory(username="kurator"), request="подготовка к олимпиаде\nи к ОГЭ"
    )
    MentorshipFactory(
        roster_id=None,
        form=MentorshipForm.objects.get(code=MentorshipForm.Code.EMPLOYER_STUDENT),
        mentor=Person.objects.get(roster_id="Н-1"),
        mentees=[Person.objects.get(roster_id="У-2")],
        start_date=datetime.date(2023, 9, 1),
        end_date=datetime.date(2024, 5, 31),
        status=Mentorship.Status.COMPLETED,
    )


def _state():
    people = list(Person.objects.order_by("pk").values())
    for person in people:
        person.pop("updated_at")
    links = sorted(Person.categories.through.objects.values_list("person_id", "menteecategory_id"))
    organizations = list(Organization.objects.order_by("pk").values("name", "inn", "kind", "territory", "contacts"))
    pairs = [
        (m.pk, m.status, m.end_date, m.request, sorted(x.pk for x in m.mentees.all())) for m in Mentorship.objects.all()
    ]
    return people, links, organizations, pairs


def test_every_registrys_export_imports_back_with_nothing_created_or_changed(registry, run_import, tmp_path):
    before = _state()
    for kind in ORDER:
        path = tmp_path / f"{kind}.xlsx"
        rows = export_rows(kind)
        assert len(rows) > 2, kind
        path.write_bytes(rows_to_xlsx(rows, kind))
        result = run_import(kind, path)
        assert result.errors == [], (kind, [str(e) for e in result.errors])
        assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows) - 1), kind
    assert _state() == before


def test_the_export_of_people_without_dates_warns_in_the_preview(registry, run_import, tmp_path):
    path = tmp_path / "students.xlsx"
    path.write_bytes(rows_to_xlsx(export_rows("students"), "students"))
    result = run_import("students", path, dry_run=True)
    assert sorted(w.column for w in result.warnings) == ["Дата рождения", "Дата рождения"]
    path.write_bytes(rows_to_xlsx(export_rows("teachers"), "teachers"))
    result = run_import("teachers", path, dry_run=True)
    assert [w.column for w in result.warnings] == ["Начало педагогической деятельности"]


@pytest.fixture
def namesakes(registry):
    """Namesakes without IDs: two students with one name and one date of birth, two teachers with one name
    (both mentors of pairs), two organisations of one name without an INN, each with an external mentor."""
    born = datetime.date(2010, 5, 5)
    twins = [
        StudentFactory(roster_id=None, last_name="Смирнова", first_name="Анна", patronymic="Ивановна", birth_date=born)
        for _ in range(2)
    ]
    teachers = [
        TeacherFactory(roster_id=None, last_name="Кузнецов", first_name="Олег", patronymic="", birth_date=None)
        for _ in range(2)
    ]
    first = OrganizationFactory(name="ИП Иванов", inn="", territory=Organization.Territory.TOWN)
    second = OrganizationFactory(name="ИП Иванов", inn="", territory=Organization.Territory.DISTRICT)
    ExternalMentorFactory(roster_id=None, organization=first, last_name="Орлов")
    ExternalMentorFactory(roster_id=None, organization=second, last_name="Орлов")
    peer = MentorshipForm.objects.get(code=MentorshipForm.Code.STUDENT_STUDENT)
    older = [StudentFactory(roster_id=None, last_name="Старшая", first_name="Ольга", grade=10) for _ in range(2)]
    for mentor, mentee in zip(older, twins, strict=True):
        MentorshipFactory(
            roster_id=None, form=peer, mentor=mentor, mentees=[mentee], start_date=datetime.date(2024, 9, 2)
        )
    return twins, teachers, (first, second)


def test_namesakes_without_ids_import_back_as_themselves(namesakes, run_import, tmp_path):
    twins, _teachers, (first, second) = namesakes
    before = _state()
    for kind in ORDER:
        path = tmp_path / f"{kind}.xlsx"
        rows = export_rows(kind)
        path.write_bytes(rows_to_xlsx(rows, kind))
        result = run_import(kind, path)
        assert result.errors == [], (kind, [str(e) for e in result.errors])
        assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows) - 1), kind
    assert _state() == before
    pairs = {m.mentees.get().pk: m.mentor.last_name for m in Mentorship.objects.filter(mentees__in=twins)}
    assert set(pairs) == {t.pk for t in twins}
    mentors = Person.objects.filter(last_name="Орлов").order_by("pk")
    assert [m.organization_id for m in mentors] == [first.pk, second.pk]


def test_the_export_names_a_namesake_by_its_key_and_a_unique_person_by_name(namesakes):
    twins, _teachers, (first, second) = namesakes
    header, *rows = export_rows("mentorships")
    mentees = {row[header.index("Наставляемые")] for row in rows}
    assert {f"Смирнова Анна Ивановна (код {t.pk})" for t in twins} <= mentees
    header, *rows = export_rows("external")
    organizations = {row[header.index("Организация")] for row in rows}
    assert {f"ИП Иванов (код {first.pk})", f"ИП Иванов (код {second.pk})"} <= organizations
    assert "7707083893" in organizations  # an INN, as before
    assert header[-1] == "Код в портале"


def test_a_key_never_points_a_row_at_another_record(namesakes, run_import, tmp_path):
    """A file from elsewhere with a «Код в портале» of someone else here: the key is ignored, the name decides."""
    twins, *_rest = namesakes
    other = Person.objects.exclude(pk__in=[t.pk for t in twins]).filter(kind=Person.Kind.STUDENT).first()
    rows = [
        ["ФИО", "Дата рождения", "Класс", "Код в портале"],
        ["Смирнова Анна Ивановна", "05.05.2010", "7Б", other.pk],
    ]
    path = tmp_path / "s.xlsx"
    path.write_bytes(rows_to_xlsx(rows, "students"))
    result = run_import("students", path)
    assert [e.message for e in result.errors] == [
        "В реестре несколько человек с такими ФИО и датой рождения: укажите ID."
    ]
