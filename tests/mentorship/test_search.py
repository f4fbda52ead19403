"""The name search rule (mentorship/search.py): ё/е folded, any letter case, each query word the start of a
name part, the patronymic only as a whole or after the first name. Runs on SQLite and on PostgreSQL
(DATABASE_URL=postgres://…): the column is folded in Python, so both answer alike."""

import pytest
from django.urls import reverse

from mentorship.models import Mentorship, Organization, Person
from mentorship.search import name_query, organization_query, person_search_name
from tests.factories import (
    ExternalMentorFactory,
    MentorshipFactory,
    OrganizationFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


def _person(full_name, roster_id=None, factory=StudentFactory, **extra):
    last, first, *rest = full_name.split()
    return factory(last_name=last, first_name=first, patronymic=" ".join(rest), roster_id=roster_id, **extra)


@pytest.fixture
def people():
    for full_name, roster_id in [
        ("Киселёва Алёна Петровна", "У-101"),
        ("Киселева Ольга Ивановна", "У-102"),
        ("Иванов Пётр Иванович", "У-103"),
        ("Иванова Мария Сергеевна", "У-104"),
        ("Ивановский Олег Петрович", "У-105"),
        ("Петрова Мария Ивановна", "У-106"),
        ("Петров Иван Андреевич", "У-107"),
        ("Сергеев Пётр Иванович", "У-108"),
        ("Петрова-Водкина Анна Олеговна", "У-109"),
        ("ЁЖИКОВ Семён Артёмович", "ID-7"),
    ]:
        _person(full_name, roster_id)


def found(query):
    return sorted(p.full_name for p in Person.objects.filter(name_query(query)))


def test_kiseleva_typed_with_e_finds_kiselyova_and_kiselyova_finds_kiseleva(people):
    both = ["Киселева Ольга Ивановна", "Киселёва Алёна Петровна"]
    assert found("киселева") == both
    assert found("Киселёва") == both
    assert found("КИСЕЛЁВА") == both
    assert found("алена") == ["Киселёва Алёна Петровна"]


def test_case_is_ignored_for_cyrillic_both_ways(people):
    assert found("ёжиков") == found("ЕЖИКОВ") == found("Ежиков") == ["ЁЖИКОВ Семён Артёмович"]
    assert found("семен артемович") == ["ЁЖИКОВ Семён Артёмович"]


def test_a_word_matches_the_start_of_a_name_part_never_its_inside(people):
    assert found("ван") == []
    assert found("селева") == []
    assert found("киселе") == ["Киселева Ольга Ивановна", "Киселёва Алёна Петровна"]


def test_ivanov_finds_ivanov_ivanova_ivanovsky_but_not_a_patronymic_ivanovna(people):
    assert found("иванов") == ["Иванов Пётр Иванович", "Иванова Мария Сергеевна", "Ивановский Олег Петрович"]


def test_a_first_name_matches_by_its_start(people):
    assert found("иван") == [
        "Иванов Пётр Иванович",
        "Иванова Мария Сергеевна",
        "Ивановский Олег Петрович",
        "Петров Иван Андреевич",
    ]


def test_a_whole_patronymic_matches_alone(people):
    assert found("ивановна") == ["Киселева Ольга Ивановна", "Петрова Мария Ивановна"]
    assert found("иванович") == ["Иванов Пётр Иванович", "Сергеев Пётр Иванович"]


def test_several_words_in_name_order(people):
    assert found("Иванов Пётр") == ["Иванов Пётр Иванович"]
    assert found("Пётр Иванов") == ["Иванов Пётр Иванович", "Сергеев Пётр Иванович"]  # any order; or a patronymic
    assert found("Иванов Олег") == ["Ивановский Олег Петрович"]
    assert found("Пётр Иванович") == ["Иванов Пётр Иванович", "Сергеев Пётр Иванович"]
    assert found("Ольга Иван") == ["Киселева Ольга Ивановна"]  # a patronymic's start after the first name
    assert found("Мария Иван") == ["Иванова Мария Сергеевна", "Петрова Мария Ивановна"]
    assert found("Иванов П. И.") == ["Иванов Пётр Иванович"]  # initials match a part's first letter
    assert found("иванов п") == ["Иванов Пётр Иванович"]


def test_a_patronymic_start_before_the_first_name_does_not_match(people):
    assert found("Иван Мария") == ["Иванова Мария Сергеевна"]  # «Иван» is the surname's start here


def test_every_word_must_match_a_different_part(people):
    assert found("Иванов Иванова") == []
    assert found("Петрова Мария Ивановна") == ["Петрова Мария Ивановна"]
    assert found("Петрова Мария Олеговна") == []
    assert found("а б в г д") == []


def test_a_double_surname_is_found_by_each_word_and_whole(people):
    assert found("водкина") == ["Петрова-Водкина Анна Олеговна"]
    assert found("Петрова-Водкина") == ["Петрова-Водкина Анна Олеговна"]
    assert "Петрова-Водкина Анна Олеговна" in found("петрова")


def test_the_roster_id_matches_exactly_or_by_its_start_in_any_case(people):
    assert found("У-103") == ["Иванов Пётр Иванович"]
    assert found("у-103") == ["Иванов Пётр Иванович"]
    assert len(found("У-10")) == 9
    assert found("id-7") == ["ЁЖИКОВ Семён Артёмович"]
    assert found("103") == []  # the inside of an ID is not its start
    assert found("у") == []  # a word without a digit is not tried as an ID (none of the names starts with «у»)
    assert found("Иванов У-103") == ["Иванов Пётр Иванович"]


def test_punctuation_alone_finds_everyone_and_hides_no_one(people):
    assert len(found(" — , ")) == Person.objects.count()


def test_the_rule_works_through_a_relation_prefix(people):
    mentor = Person.objects.get(roster_id="У-103")
    MentorshipFactory(mentor=mentor)
    assert list(Mentorship.objects.filter(name_query("иванов п", prefix="mentor__"))) == list(
        Mentorship.objects.filter(mentor=mentor)
    )


def test_the_search_column_follows_every_save_path():
    student = StudentFactory(last_name="Щукина", first_name="Алёна", patronymic="")
    assert student.search_name == " l:щукина f:алена "
    student.last_name = "Щёкина"
    student.save(update_fields=["last_name"])
    assert Person.objects.get(pk=student.pk).search_name == " l:щекина f:алена "
    # bulk paths (the roster import, the demo) keep it too
    [bulk] = Person.objects.bulk_create([Person(kind=Person.Kind.TEACHER, last_name="Ёлкин", first_name="Пётр")])
    assert Person.objects.get(pk=bulk.pk).search_name == " l:елкин f:петр "
    bulk.first_name = "Фёдор"
    Person.objects.bulk_update([bulk], ["first_name"])
    assert Person.objects.get(pk=bulk.pk).search_name == " l:елкин f:федор "
    assert found("федор") == ["Ёлкин Фёдор"]


def test_the_data_migration_fills_the_column_for_existing_rows(people):
    Person.objects.update(search_name="")
    Organization.objects.update(search_name="")
    OrganizationFactory(name="ООО «Вятка-Лес»")
    Organization.objects.update(search_name="")
    from importlib import import_module

    from django.apps import apps

    import_module("mentorship.migrations.0012_search_name_lists").fill(apps, None)
    assert found("киселева") == ["Киселева Ольга Ивановна", "Киселёва Алёна Петровна"]
    assert Organization.objects.filter(organization_query("лес")).count() == 1


def test_a_purged_student_keeps_no_name_in_the_search_column():
    from mentorship.purge import _anonymise_person

    student = _person("Киселёва Алёна Петровна", "У-1")
    _anonymise_person(student)
    stored = Person.objects.get(pk=student.pk).search_name
    assert "кисел" not in stored and "алена" not in stored
    assert found("киселева") == []


def test_a_very_long_name_fits_its_column():
    name = "-".join(["Аб"] * 33)
    column = person_search_name(name, name, name)
    assert len(column) <= Person._meta.get_field("search_name").max_length
    student = StudentFactory(last_name=name[:100], first_name=name[:100], patronymic=name[:100])
    student.full_clean()


# --- The lists use the rule -------------------------------------------------------------------------


def test_the_student_list_finds_kiselyova_typed_kiseleva(client_as, curator, people):
    html = client_as(curator).get(reverse("mentorship:student_list"), {"q": "киселева"}).content.decode()
    assert "Киселёва Алёна Петровна" in html
    assert "Киселева Ольга Ивановна" in html
    assert "Петрова Мария Ивановна" not in html


def test_the_teacher_and_external_lists_use_the_same_rule(client_as, curator):
    _person("Ёлкина Ирина Петровна", factory=TeacherFactory)
    _person("Петров Иван Ёлкинович", factory=TeacherFactory)
    _person("Семёнов Олег Ильич", factory=ExternalMentorFactory)
    client = client_as(curator)
    teachers = client.get(reverse("mentorship:teacher_list"), {"q": "елкин"}).content.decode()
    assert "Ёлкина Ирина Петровна" in teachers and "Петров Иван Ёлкинович" not in teachers
    external = client.get(reverse("mentorship:external_list"), {"q": "семенов о"}).content.decode()
    assert "Семёнов Олег Ильич" in external


def test_the_mentorship_list_finds_a_pair_by_its_mentor_or_mentee_with_the_same_rule(client_as, curator):
    mentee = _person("Киселёва Алёна Петровна")
    other = _person("Петрова Мария Ивановна")
    pair = MentorshipFactory(mentees=[mentee])
    MentorshipFactory(mentees=[other])
    client = client_as(curator)
    response = client.get(reverse("mentorship:mentorship_list"), {"q": "киселева"})
    assert [m.pk for m in response.context["page"].object_list] == [pair.pk]
    response = client.get(reverse("mentorship:mentorship_list"), {"q": "иванов"})
    assert response.context["page"].object_list == []


def test_organisations_are_found_by_the_start_of_a_word_of_the_name_or_the_inn(client_as, curator):
    OrganizationFactory(name="ООО «Вятская Ёлка»", inn="4345000011")
    OrganizationFactory(name="Кировский завод", inn="")
    client = client_as(curator)

    def names(q):
        return [o.name for o in client.get(reverse("mentorship:organization_list"), {"q": q}).context["page"]]

    assert names("елка") == ["ООО «Вятская Ёлка»"]
    assert names("вятская ёлка") == ["ООО «Вятская Ёлка»"]
    assert names("ятская") == []
    assert names("4345") == ["ООО «Вятская Ёлка»"]
    assert names("КИРОВ") == ["Кировский завод"]


def test_the_history_of_a_change_shows_the_name_not_the_search_column():
    from auditlog.models import LogEntry

    student = StudentFactory(last_name="Щукина")
    student.last_name = "Щёкина"
    student.save()
    changes = LogEntry.objects.get_for_object(student).order_by("-pk").first().changes_dict
    assert "last_name" in changes and "search_name" not in changes


def test_the_admin_search_uses_the_same_rule(admin_client):
    _person("Киселёва Алёна Петровна")
    _person("Петрова Мария Ивановна")
    OrganizationFactory(name="ООО «Вятская Ёлка»")
    response = admin_client.get(reverse("admin:mentorship_person_changelist"), {"q": "киселева"})
    assert [p.last_name for p in response.context["cl"].result_list] == ["Киселёва"]
    response = admin_client.get(reverse("admin:mentorship_person_changelist"), {"q": "иванов"})
    assert list(response.context["cl"].result_list) == []
    response = admin_client.get(reverse("admin:mentorship_organization_changelist"), {"q": "елка"})
    assert [o.name for o in response.context["cl"].result_list] == ["ООО «Вятская Ёлка»"]


def test_an_apostrophe_is_the_same_typed_either_way():
    _person("Д’Артаньян Шарль Ожеро")
    assert found("д'артаньян") == found("Д’Артаньян") == found("артаньян") == ["Д’Артаньян Шарль Ожеро"]


@pytest.mark.parametrize(
    ("last", "first", "patronymic", "column"),
    [
        ("Фамилия12", "Имя3", "", " l:фамилия12 f:имя3 "),  # letters and digits: one word, as the pattern reads it
        ("Петрова-Водкина", "Мария", "Ивановна", " l:петрова-водкина l:водкина f:мария p:ивановна "),
        ("О’Нил", "Ёлка", "Тимур оглы", " l:о'нил l:нил f:елка p:тимур p:оглы "),
        ("", "", "", " "),
        ("_", "-", "..", " "),  # no word at all
    ],
)
def test_the_search_column_of_a_name_is_its_tagged_folded_words(last, first, patronymic, column):
    assert person_search_name(last, first, patronymic) == column


def test_a_name_too_long_for_its_column_is_cut_after_its_last_whole_word():
    from mentorship.search import SEARCH_NAME_MAX_LENGTH, _tagged_words

    name = "-".join(["Аб"] * 60)  # a hyphenated part keeps its words after each hyphen: thousands of characters
    column = person_search_name(name, "Анна", "")
    uncut = _tagged_words("l", name) + _tagged_words("f", "Анна") + " "
    assert len(uncut) > SEARCH_NAME_MAX_LENGTH >= len(column)
    assert uncut.startswith(column) and column.endswith(" ") and uncut[len(column) - 1] == " "
    assert column.startswith(" l:аб-аб-аб")
