"""Names and posts in another case for documents (mentorship/names.py: petrovich for names, pymorphy3 for posts)."""

import pytest
from petrovich.enums import Case, Gender

from mentorship.names import declined_full_name, declined_post, name_gender


@pytest.mark.parametrize(
    ("name", "dative"),
    [
        (("Наставникова", "Ирина", "Сергеевна"), "Наставниковой Ирине Сергеевне"),
        (("Иванов", "Пётр", "Петрович"), "Иванову Петру Петровичу"),
        (("Петрова-Водкина", "Анна", "Ивановна"), "Петровой-Водкиной Анне Ивановне"),
        (("Петров-Водкин", "Кузьма", "Сергеевич"), "Петрову-Водкину Кузьме Сергеевичу"),
        (("Шевченко", "Тарас", "Григорьевич"), "Шевченко Тарасу Григорьевичу"),
        (("Шевченко", "Ольга", "Ивановна"), "Шевченко Ольге Ивановне"),
        (("Дюма", "Александр", ""), "Дюма Александру"),
        (("Черных", "Илья", ""), "Черных Илье"),
        (("Кох", "Мария", ""), "Кох Марии"),
        (("Кох", "Роберт", ""), "Коху Роберту"),
    ],
)
def test_a_full_name_is_declined_into_the_dative(name, dative):
    assert declined_full_name(*name) == dative


def test_other_cases_are_available_too():
    genitive = declined_full_name("Наставникова", "Ирина", "Сергеевна", case=Case.GENITIVE)
    assert genitive == "Наставниковой Ирины Сергеевны"
    assert declined_full_name("Иванов", "Пётр", "Петрович", case=Case.INSTRUMENTAL) == "Ивановым Петром Петровичем"


def test_the_gender_comes_from_the_patronymic_else_from_the_first_name():
    assert name_gender("Саша", "Петровна") == Gender.FEMALE
    assert name_gender("Никита", "") == Gender.MALE
    assert name_gender("Ольга", "") == Gender.FEMALE


@pytest.mark.parametrize(
    ("post", "dative"),
    [
        ("учитель", "учителю"),
        ("Учитель математики", "Учителю математики"),
        ("заместитель директора по УВР", "заместителю директора по УВР"),
        ("педагог-психолог", "педагогу-психологу"),
        ("старший преподаватель", "старшему преподавателю"),
        ("социальный педагог", "социальному педагогу"),
        ("старшая вожатая", "старшей вожатой"),
        ("учитель начальных классов", "учителю начальных классов"),
        ("советник директора по воспитанию", "советнику директора по воспитанию"),
        ("главный инженер-технолог", "главному инженеру-технологу"),
        ("", ""),
        ("МОП", "МОП"),  # not a word pymorphy3 knows as a noun: left whole
    ],
)
def test_a_post_declines_its_head_and_keeps_the_genitive_tail(post, dative):
    assert declined_post(post) == dative
