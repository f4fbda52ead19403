"""The columns of each roster kind, as the binding spec (docs/roster.md) names them.

Column titles and synonyms are data (the Russian words of the school's files), not interface strings.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .parsing import normalize_header


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    synonyms: tuple = ()
    example: object = ""

    @property
    def names(self):
        return {normalize_header(n) for n in (self.title, *self.synonyms)}


NAME_COLUMNS = (
    Column("full_name", "ФИО"),
    Column("last_name", "Фамилия", example="Иванова"),
    Column("first_name", "Имя", example="Мария"),
    Column("patronymic", "Отчество", example="Сергеевна"),
)


def _id(example):
    return Column("roster_id", "ID", ("Идентификатор",), example=example)


@dataclass(frozen=True)
class Kind:
    code: str
    columns: tuple
    # Keys that must be in the header row (besides the name columns, when `named`).
    required: tuple = ()
    # At least one key of each group must be in the header row.
    one_of: tuple = ()
    named: bool = True
    by_key: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        all_columns = (*NAME_COLUMNS, *self.columns) if self.named else self.columns
        self.by_key.update({c.key: c for c in all_columns})

    def template_columns(self):
        """The columns of the downloadable template: three name columns, never «ФИО»."""
        if not self.named:
            return list(self.columns)
        head, *rest = self.columns
        return [head, *NAME_COLUMNS[1:], *rest] if head.key == "roster_id" else [*NAME_COLUMNS[1:], *self.columns]


STUDENTS = Kind(
    "students",
    (
        _id("У-0001"),
        Column("birth_date", "Дата рождения", ("Д.р.",), example="15.03.2011"),
        Column("class", "Класс", example="7Б"),
        Column("categories", "Категории", example="одарённые; ОВЗ"),
        Column("date_joined", "Дата зачисления", example="01.09.2018"),
        Column("date_left", "Дата выбытия"),
        Column("pd_consent_date", "Согласие на обработку ПДн", example="02.09.2024"),
        Column("publication_consent", "Согласие на публикацию", example="да"),
    ),
    required=("birth_date", "class"),
)

TEACHERS = Kind(
    "teachers",
    (
        _id("Т-0001"),
        Column("birth_date", "Дата рождения", ("Д.р.",), example="10.05.1980"),
        Column("position", "Должность", example="учитель"),
        Column("subjects", "Предметы", example="математика, информатика"),
        Column(
            "career_start",
            "Начало педагогической деятельности",
            ("Дата начала педагогической деятельности",),
            example="01.09.2005",
        ),
        Column("experience", "Педагогический стаж, лет", ("Стаж",)),
        Column("date_joined", "Дата приёма", example="01.09.2005"),
        Column("date_left", "Дата увольнения"),
    ),
    one_of=(("career_start", "experience"),),
)

ORGANIZATIONS = Kind(
    "organizations",
    (
        Column("name", "Название", ("Наименование",), example="ООО «Вятские Поляны Агро»"),
        Column("inn", "ИНН", example="7707083893"),
        Column("kind", "Тип", example="предприятие"),
        Column("territory", "Территория", example="город"),
        Column("contacts", "Контакты", example="+7 (83334) 6-00-00"),
    ),
    required=("name", "territory"),
    named=False,
)

EXTERNAL = Kind(
    "external",
    (
        _id("Н-0001"),
        Column("organization", "Организация", example="7707083893"),
        Column("position", "Должность", example="инженер"),
        Column("phone", "Телефон", example="8 912 000-00-00"),
        Column("email", "E-mail", example="mentor@example.ru"),
        Column("birth_date", "Дата рождения", ("Д.р.",), example="20.11.1985"),
    ),
    required=("organization",),
)

MENTORSHIPS = Kind(
    "mentorships",
    (
        _id("П-0001"),
        Column("form", "Форма", example="ученик–ученик"),
        Column("role_model", "Ролевая модель", example="успевающий – неуспевающий"),
        Column("mentor", "Наставник", example="У-0002"),
        Column("mentees", "Наставляемые", example="У-0001"),
        Column("start_date", "Дата начала", example="01.10.2024"),
        Column("end_date", "Дата окончания"),
        Column("status", "Статус", example="активна"),
        Column("termination_reason", "Причина прекращения"),
        Column("request", "Запрос", example="подготовка к олимпиаде"),
        Column("curator", "Куратор"),
    ),
    required=("form", "mentor", "mentees", "start_date"),
    named=False,
)

KINDS = {k.code: k for k in (STUDENTS, TEACHERS, ORGANIZATIONS, EXTERNAL, MENTORSHIPS)}
KIND_CODES = tuple(KINDS)


def name_columns_present(keys):
    return "full_name" in keys or {"last_name", "first_name"} <= keys


def match_header(kind, cells):
    """{key: (index, title as written)} when `cells` is the header row of `kind`, else None."""
    lookup: dict = {}
    for column in kind.by_key.values():
        for name in column.names:
            lookup.setdefault(name, column.key)
    found = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = lookup.get(normalize_header(cell))
        if key and key not in found:
            found[key] = (index, " ".join(cell.split()))
    keys = set(found)
    if not set(kind.required) <= keys:
        return None
    if any(not keys & set(group) for group in kind.one_of):
        return None
    if kind.named and not name_columns_present(keys):
        return None
    if kind.named and {"last_name", "first_name"} <= keys:
        found.pop("full_name", None)  # three columns win over one
    elif kind.named:
        for key in ("last_name", "first_name", "patronymic"):
            found.pop(key, None)
    return found


def required_titles(kind):
    """The required columns of `kind`, for the message of a file without a header row."""
    titles = []
    if kind.named:
        titles.append(_("«ФИО» (or «Фамилия», «Имя», «Отчество»)"))
    titles += [f"«{kind.by_key[k].title}»" for k in kind.required]
    titles += [f" {_('or')} ".join(f"«{kind.by_key[k].title}»" for k in group) for group in kind.one_of]
    return ", ".join(titles)
