import datetime

import pytest

from roster.columns import STUDENTS, TEACHERS, match_header
from roster.parsing import (
    CellError,
    clean_text,
    normalize_dashes,
    normalize_header,
    parse_categories,
    parse_class,
    parse_date,
    parse_yes_no,
    split_full_name,
)


@pytest.mark.parametrize("text", ["7Б", "7 б", "7-Б", '7 "Б"', "7 «б»", "7–Б"])
def test_a_class_written_any_of_the_usual_ways_is_grade_7_letter_b(text):
    assert parse_class(text) == (7, "Б")


def test_a_bare_grade_is_a_class_without_letter_and_grade_12_is_refused():
    assert parse_class("7A") == (7, "А")  # Latin A typed on the wrong layout is the Cyrillic А
    assert parse_class(9) == (9, "")
    assert parse_class(9.0) == (9, "")
    with pytest.raises(CellError):
        parse_class("12А")
    with pytest.raises(CellError):
        parse_class("седьмой")


@pytest.mark.parametrize(
    "value",
    ["05.03.2011", "5.3.2011", "2011-03-05", datetime.datetime(2011, 3, 5), datetime.date(2011, 3, 5), 40607],
)
def test_dates_are_read_from_text_and_from_excel(value):
    assert parse_date(value) == datetime.date(2011, 3, 5)


@pytest.mark.parametrize("value", ["31.02.2011", "5 марта 2011", "2011", 7])
def test_wrong_dates_are_refused_with_a_message(value):
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert str(info.value)


def test_full_name_keeps_a_patronymic_of_several_words_and_allows_none():
    assert split_full_name("Алиев  Руслан Тимур оглы") == ("Алиев", "Руслан", "Тимур оглы")
    assert split_full_name("Smith John") == ("Smith", "John", "")
    with pytest.raises(CellError):
        split_full_name("Иванов")


def test_headers_ignore_case_spaces_yo_and_trailing_marks():
    assert normalize_header("  Дата ЗАЧИСЛЕНИЯ: ") == "дата зачисления"
    assert normalize_header("Дата приёма*") == normalize_header("дата приема")
    assert normalize_header("Д.р.") == normalize_header("др") == normalize_header("Д/р") == "др"


def test_header_row_is_recognised_with_synonyms_and_either_name_form():
    one = match_header(STUDENTS, ["№", "ФИО:", "Д.р.", "класс *", "лишнее"])
    assert set(one) == {"full_name", "birth_date", "class"}
    three = match_header(STUDENTS, ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "ФИО"])
    assert set(three) == {"last_name", "first_name", "patronymic", "birth_date", "class"}
    assert match_header(STUDENTS, ["Список обучающихся на 01.09.2024"]) is None
    assert match_header(TEACHERS, ["ФИО", "Стаж"]) is not None
    assert match_header(TEACHERS, ["ФИО", "Должность"]) is None


def test_categories_by_short_or_full_name_even_with_a_comma_inside(db):
    from mentorship.models import MenteeCategory
    from roster.parsing import fold

    catalogue = {}
    for c in MenteeCategory.objects.all():
        catalogue[fold(c.short_name)] = c
        catalogue[fold(c.name)] = c
    found = parse_categories(
        "Одаренные, не принимающие участие в жизни школы, отстранённые от коллектива; овз", catalogue
    )
    assert [c.code for c in found] == ["outstanding", "disengaged", "disabilities"]
    with pytest.raises(CellError):
        parse_categories("двоечники", catalogue)


def test_cells_are_trimmed_and_inner_spaces_collapse_and_our_export_apostrophe_is_dropped():
    assert clean_text("  Иванова \u00a0 Мария  ") == "Иванова Мария"
    assert clean_text(1001.0) == "1001"
    assert clean_text("'+7 912") == "+7 912"
    assert normalize_dashes("ученик - ученик") == normalize_dashes("Ученик—ученик") == "ученик–ученик"
    assert parse_yes_no("Да") is True
    assert parse_yes_no("") is False


def test_footer_lines_are_told_from_people_by_whole_words():
    from roster.parsing import is_footer_line

    footers = [
        ["Итого: 40 обучающихся"],
        [None, "ВСЕГО", 40],
        ["Заместитель директора ____ Е.П. Ефремова"],
        ["Директор", None, "И.О. Фамилия"],
        ["М.П."],
        ["МП"],
        ["Классный руководитель: Иванова А.А."],
        ["«01» сентября 2024 г."],
        ["01.09.2024"],
    ]
    people = [
        ["Итогова Мария Ивановна", "01.01.2011", "7Б"],
        ["Директорова Анна", "01.01.2011", "7Б"],
        ["Датаева Алия", "01.01.2011", "7Б"],
        [1, "Всеволодов Пётр", "01.01.2011", "7Б"],
        ["Мпанде Жан", "01.01.2011", "7Б"],
        [],
    ]
    assert [is_footer_line(row) for row in footers] == [True] * len(footers)
    assert [is_footer_line(row) for row in people] == [False] * len(people)
