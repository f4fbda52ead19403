"""The text policy (config/text.py): one validator, on every person-facing text field of every model."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from config.text import strip_forbidden, validate_line, validate_text

PROJECT_APPS = {"submissions", "mentorship", "roster", "roadmap", "indicators", "reports", "public"}

# Written by the portal itself, never typed by a person (a worker's host name, a sniffed file type, a path
# under the private storage, an error or outcome text, the list of e-mail addresses a reminder went to).
TECHNICAL = {
    "submissions.SubmittedForm.token",
    "submissions.SubmittedForm.result_url",
    "roadmap.Evidence.content_type",
    "roadmap.ReminderLog.recipients",
    "public.Document.content_type",
    "public.NewsItem.picture_content_type",
    "public.FeaturedMentor.photo_content_type",
    "reports.AnalyticSummary.error",
    "roster.RosterJob.stored_file",
    "roster.RosterJob.message",
}

REFUSED_EVERYWHERE = {
    "\x00": "U+0000",
    "\x07": "U+0007",
    "\x1b": "U+001B",
    "\x0b": "U+000B",
    "\x7f": "U+007F",
    "\x85": "U+0085",
    "\x9b": "U+009B",
    "\u202a": "U+202A",
    "\u202e": "U+202E",
    "\u2066": "U+2066",
    "\u2069": "U+2069",
    "\u200e": "U+200E",
    "\u200f": "U+200F",
    "\u061c": "U+061C",
    "\u200b": "U+200B",
    "\u200d": "U+200D",
    "\u2060": "U+2060",
    "\ufeff": "U+FEFF",
}


def _text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.concrete:
                yield f"{model._meta.label}.{field.name}", field


def test_every_person_facing_text_field_of_every_model_follows_the_text_policy():
    missing_policy, missing_limit = [], []
    for name, field in _text_fields():
        if name in TECHNICAL or field.choices or isinstance(field, models.SlugField):
            continue  # choices and slugs admit only their own values
        expected = validate_text if isinstance(field, models.TextField) else validate_line
        if expected not in field.validators:
            missing_policy.append(name)
        if isinstance(field, models.TextField):
            limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
            if field.max_length is None or limits != [field.max_length]:
                missing_limit.append(name)
    assert not missing_policy, f"use config.text's fields for: {missing_policy}"
    assert not missing_limit, f"give a max_length (config.text.TextField) to: {missing_limit}"


def test_the_allow_list_names_only_existing_fields():
    assert not TECHNICAL - {name for name, _field in _text_fields()}


def test_the_walk_sees_the_fields_of_every_app():
    seen = {name.split(".")[0] for name, _field in _text_fields()}
    assert seen == PROJECT_APPS


@pytest.mark.parametrize("validator", [validate_line, validate_text])
@pytest.mark.parametrize(("char", "code"), REFUSED_EVERYWHERE.items())
def test_control_direction_and_zero_width_characters_are_refused_with_their_code_and_position(validator, char, code):
    with pytest.raises(ValidationError) as error:
        validator(f"Иванов{char}а")
    (message,) = error.value.messages
    assert code in message
    assert "позиции 7" in message
    assert "Иванов" not in message  # the text itself is never repeated


def test_the_messages_say_in_russian_what_is_wrong():
    def message(validator, value):
        with pytest.raises(ValidationError) as error:
            validator(value)
        return error.value.messages[0]

    assert message(validate_line, "a\x1b") == "Текст содержит управляющий символ (U+001B) в позиции 2: удалите его."
    assert "невидимый знак направления письма (U+202E)" in message(validate_line, "\u202eабв")
    assert "невидимый символ нулевой ширины (U+200B)" in message(validate_text, "а\u200bб")
    assert message(validate_line, "а\nб") == "Это поле — одна строка: удалите перенос строки или табуляцию в позиции 2."


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\u2028", "\u2029"])
def test_a_single_line_refuses_line_breaks_and_tabs(char):
    with pytest.raises(ValidationError) as error:
        validate_line(f"Иван{char}Петрович")
    assert error.value.code == "text_line_break"


def test_a_multi_line_text_keeps_its_line_breaks_and_tabs():
    validate_text("Первая строка\r\nвторая\tс табуляцией\nтретья")


@pytest.mark.parametrize(
    "value",
    ["Семёнова-Ли Алёна «Ёжик» — 7Б", "Тимур оглы", "O'Connor", "Café", "شريف", "👍 Ура!", "1\u00a0000 ₽", ""],
)
def test_ordinary_text_in_any_script_is_accepted(value):
    validate_line(value)
    validate_text(value)


def test_strip_forbidden_drops_what_the_policy_refuses():
    assert strip_forbidden("Ив\x1bан\u202eов\u200b\nПётр\tI") == "Иванов\nПётр\tI"
    assert strip_forbidden("Ив\x1bанов\n", multiline=False) == "Иванов"
    assert strip_forbidden(None) is None
    assert strip_forbidden(5) == 5


def test_a_text_field_without_a_max_length_is_refused_at_once():
    from config.text import TextField

    with pytest.raises(TypeError):
        TextField("notes")


@pytest.mark.parametrize("multiline", [False, True])
def test_the_fast_pattern_refuses_exactly_what_forbidden_kind_refuses_over_all_of_unicode(multiline):
    from config.text import FORBIDDEN, forbidden_kind, is_allowed

    pattern = FORBIDDEN[multiline]
    differ = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (pattern.match(chr(code)) is None) != (forbidden_kind(chr(code), multiline=multiline) is None)
    ]
    assert differ == []
    assert is_allowed("Семёнова Анна-Мария", multiline=multiline)
    assert not is_allowed("Семёнова\u202e", multiline=multiline)
    assert is_allowed("две\nстроки", multiline=multiline) is multiline
