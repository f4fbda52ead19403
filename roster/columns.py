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
    template: bool = True  # in the downloadable template

    @property
    def names(self):
        return {normalize_header(n) for n in (self.title, *self.synonyms)}


NAME_COLUMNS = (
    Column(
        "full_name",
        "ФИО",
        ("Фамилия, имя, отчество", "Фамилия имя отчество", "ФИО полностью", "Фамилия, имя, отчество полностью"),
    ),
    Column("last_name", "Фамилия", example="Иванова"),
    Column("first_name", "Имя", example="Мария"),
    Column("patronymic", "Отчество", example="Сергеевна"),
)


def _id(example):
    return Column("roster_id", "ID", ("Идентификатор", "ID в реестре"), example=example)


# The portal's own key of a record, written by its exports (not by the templates) so that namesakes without an
# ID or an INN import back as themselves: on import it only chooses among the records the row matches anyway.
PORTAL_KEY_TITLE = "Код в портале"
PORTAL_KEY = Column("portal_key", PORTAL_KEY_TITLE, template=False)


BIRTH_DATE_SYNONYMS = ("Д.р.", "Дата рожд.", "Д/р", "Дата рожд", "Число, месяц, год рождения")


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
        columns = [c for c in self.columns if c.template]
        if not self.named:
            return columns
        head, *rest = columns
        return [head, *NAME_COLUMNS[1:], *rest] if head.key == "roster_id" else [*NAME_COLUMNS[1:], *columns]


STUDENTS = Kind(
    "students",
    (
        _id("У-0001"),
        PORTAL_KEY,
        Column("birth_date", "Дата рождения", BIRTH_DATE_SYNONYMS, example="15.03.2011"),
        Column("class", "Класс", ("Параллель",), example="7Б"),
        Column("class_letter", "Буква", ("Литера", "Литер", "Буква класса", "Литера класса")),
        Column("categories", "Категории", ("Категория", "Категории наставляемых"), example="одарённые; ОВЗ"),
        Column("date_joined", "Дата зачисления", example="01.09.2018"),
        Column("date_left", "Дата выбытия"),
        Column(
            "pd_consent_date",
            "Согласие на обработку ПДн",
            ("Согласие на обработку персональных данных", "Согласие ПДн"),
            example="02.09.2024",
        ),
        Column("publication_consent", "Согласие на публикацию", example="да"),
    ),
    required=("birth_date", "class"),
)

TEACHERS = Kind(
    "teachers",
    (
        _id("Т-0001"),
        PORTAL_KEY,
        Column("birth_date", "Дата рождения", BIRTH_DATE_SYNONYMS, example="10.05.1980"),
        Column("position", "Должность", ("Занимаемая должность",), example="учитель"),
        Column(
            "subjects",
            "Предметы",
            ("Преподаваемые предметы", "Предмет", "Преподаваемый предмет", "Преподаваемые дисциплины"),
            example="математика, информатика",
        ),
        Column(
            "career_start",
            "Начало педагогической деятельности",
            (
                "Дата начала педагогической деятельности",
                "Начало педагогического стажа",
                "Дата начала педагогического стажа",
            ),
            example="01.09.2005",
        ),
        Column(
            "experience",
            "Педагогический стаж, лет",
            ("Стаж", "Педагогический стаж", "Педстаж", "Стаж педагогической работы", "Стаж, лет"),
        ),
        Column("date_joined", "Дата приёма", ("Дата приёма на работу",), example="01.09.2005"),
        Column("date_left", "Дата увольнения"),
    ),
    one_of=(("career_start", "experience"),),
)

ORGANIZATIONS = Kind(
    "organizations",
    (
        Column(
            "name",
            "Название",
            ("Наименование", "Наименование организации", "Название организации", "Полное наименование"),
            example="ООО «Вятские Поляны Агро»",
        ),
        Column("inn", "ИНН", ("ИНН организации",), example="7707083893"),
        Column("kind", "Тип", ("Тип организации",), example="предприятие"),
        Column("territory", "Территория", example="город"),
        Column(
            "contacts",
            "Контакты",
            ("Контактные данные", "Контактная информация"),
            example="+7 (83334) 6-00-00\npriemnaya@example.ru",
        ),
        PORTAL_KEY,
    ),
    required=("name", "territory"),
    named=False,
)

EXTERNAL = Kind(
    "external",
    (
        _id("Н-0001"),
        PORTAL_KEY,
        Column("organization", "Организация", ("Место работы", "ИНН организации"), example="7707083893"),
        Column("position", "Должность", ("Занимаемая должность",), example="инженер"),
        Column("phone", "Телефон", ("Контактный телефон", "Тел."), example="8 912 000-00-00"),
        Column(
            "email",
            "E-mail",
            ("Email", "Электронная почта", "Эл. почта", "Адрес электронной почты"),
            example="mentor@example.ru",
        ),
        Column("birth_date", "Дата рождения", BIRTH_DATE_SYNONYMS, example="20.11.1985"),
    ),
    required=("organization",),
)

MENTORSHIPS = Kind(
    "mentorships",
    (
        _id("П-0001"),
        PORTAL_KEY,
        Column("form", "Форма", ("Форма наставничества",), example="работодатель–ученик"),
        Column("role_model", "Ролевая модель", example="работодатель – будущий сотрудник"),
        Column("mentor", "Наставник", ("ФИО наставника", "ID наставника"), example="Н-0001"),
        Column(
            "mentees",
            "Наставляемые",
            ("Наставляемый", "ФИО наставляемых", "ФИО наставляемого", "ID наставляемых", "ID наставляемого"),
            example="У-0001",
        ),
        Column("start_date", "Дата начала", ("Дата начала наставничества",), example="01.10.2024"),
        Column("end_date", "Дата окончания", ("Дата завершения", "Дата окончания наставничества")),
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
# The spec (roster-import.md) calls the external mentors' roster `mentors`; the portal's code is `external`.
# Both are accepted wherever a kind is given (the commands, the upload form, the template and export links).
KIND_ALIASES = {"mentors": "external"}
KIND_NAMES = (*KIND_CODES, *KIND_ALIASES)  # every spelling accepted, for messages and choices


def kind_code(name: str) -> str | None:
    """The kind's code for `name` (a code or an alias), None when it names no kind."""
    name = KIND_ALIASES.get(name, name)
    return name if name in KINDS else None


def name_columns_present(keys):
    return "full_name" in keys or {"last_name", "first_name"} <= keys


# A header may name whose value it holds: «ФИО обучающегося», «Дата рождения ученика», «Должность педагога».
SUBJECT_WORDS = frozenset(
    normalize_header(w)
    for w in (
        "обучающегося", "обучающихся", "учащегося", "ученика", "ученицы", "ребёнка", "воспитанника",
        "педагога", "учителя", "работника", "сотрудника", "наставника", "наставляемого", "полностью",
    )
)  # fmt: skip


def _lookup(kind):
    lookup: dict = {}
    for column in kind.by_key.values():
        for name in column.names:
            lookup.setdefault(name, column.key)
    return lookup


def header_key(lookup, cell):
    """The column key of a header cell, or None: its normalised text, else without the trailing subject words."""
    name = normalize_header(cell)
    key = lookup.get(name)
    words = name.split()
    while key is None and len(words) > 1 and words[-1] in SUBJECT_WORDS:
        words.pop()
        key = lookup.get(" ".join(words))
    return key


def match_header(kind, cells):
    """{key: (index, title as written)} when `cells` is the header row of `kind`, else None."""
    lookup = _lookup(kind)
    found = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = header_key(lookup, cell)
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
