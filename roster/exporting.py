"""Exports of every registry to .xlsx, and the import templates.

The columns are the import's (roster/columns.py), so an exported file can be imported back.
The rows are built by django-import-export resources (one per kind) and written by the portal's one
.xlsx writer, `config.xlsx.rows_to_xlsx` (formulas neutralised, illegal characters dropped, write-only).
"""

from collections import Counter

from import_export import fields, resources

from mentorship.models import Mentorship, Organization, Person

from .columns import KINDS, PORTAL_KEY_TITLE
from .parsing import fold, reference

PERSON_ORDER = ("last_name", "first_name", "patronymic", "pk")  # the lists' order (selectors.person_list)


def _yes_no(value):
    return "да" if value else "нет"


class _Resource(resources.Resource):
    """Values are exported as Python objects (dates stay dates); text is neutralised when written.

    Every export ends with «Код в портале», the record's own key: namesakes without an ID (or organisations
    without an INN) then import back as themselves (the import uses it only to tell such records apart)."""

    portal_key = fields.Field(attribute="pk", column_name=PORTAL_KEY_TITLE)

    def get_export_fields(self, *args, **kwargs):
        export_fields = super().get_export_fields(*args, **kwargs)
        return [f for f in export_fields if f.column_name != PORTAL_KEY_TITLE] + [
            f for f in export_fields if f.column_name == PORTAL_KEY_TITLE
        ]

    def export_field(self, field, instance, **kwargs):
        method = getattr(self, f"dehydrate_{field.column_name}", None)
        if method is not None:
            return method(instance)
        return field.get_value(instance)

    def rows(self, queryset):
        headers = [f.column_name for f in self.get_export_fields()]
        yield headers
        for instance in queryset:
            yield [self.export_field(f, instance) for f in self.get_export_fields()]


class _PersonResource(_Resource):
    roster_id = fields.Field(attribute="roster_id", column_name="ID")
    last_name = fields.Field(attribute="last_name", column_name="Фамилия")
    first_name = fields.Field(attribute="first_name", column_name="Имя")
    patronymic = fields.Field(attribute="patronymic", column_name="Отчество")
    birth_date = fields.Field(attribute="birth_date", column_name="Дата рождения")


class StudentResource(_PersonResource):
    class_name = fields.Field(attribute="class_name", column_name="Класс")
    categories = fields.Field(column_name="Категории")
    date_joined = fields.Field(attribute="date_joined", column_name="Дата зачисления")
    date_left = fields.Field(attribute="date_left", column_name="Дата выбытия")
    pd_consent_date = fields.Field(attribute="pd_consent_date", column_name="Согласие на обработку ПДн")
    publication_consent = fields.Field(column_name="Согласие на публикацию")

    def export_field(self, field, instance, **kwargs):
        if field.column_name == "Категории":
            return "; ".join(c.short_name for c in instance.categories.all())
        if field.column_name == "Согласие на публикацию":
            return _yes_no(instance.publication_consent)
        return super().export_field(field, instance)

    @staticmethod
    def queryset():
        return Person.objects.students().prefetch_related("categories").order_by(*PERSON_ORDER)


class TeacherResource(_PersonResource):
    position = fields.Field(attribute="position", column_name="Должность")
    subjects = fields.Field(attribute="subjects", column_name="Предметы")
    career_start = fields.Field(attribute="career_start", column_name="Начало педагогической деятельности")
    date_joined = fields.Field(attribute="date_joined", column_name="Дата приёма")
    date_left = fields.Field(attribute="date_left", column_name="Дата увольнения")

    @staticmethod
    def queryset():
        return Person.objects.teachers().order_by(*PERSON_ORDER)


class MentorResource(_PersonResource):
    organization = fields.Field(column_name="Организация")
    position = fields.Field(attribute="position", column_name="Должность")
    phone = fields.Field(attribute="phone", column_name="Телефон")
    email = fields.Field(attribute="email", column_name="E-mail")

    class Meta:
        export_order = ("roster_id", "last_name", "first_name", "patronymic", "organization")

    def rows(self, queryset):
        # An organisation without an INN whose name another shares is written with its key («… (код 12)»).
        self.names = Counter(fold(name) for name in Organization.objects.values_list("name", flat=True))
        return super().rows(queryset)

    def export_field(self, field, instance, **kwargs):
        if field.column_name == "Организация":
            organization = instance.organization
            if organization is None:
                return ""
            if organization.inn or self.names[fold(organization.name)] == 1:
                return organization.inn or organization.name
            return reference(organization.name, organization.pk)
        return super().export_field(field, instance)

    @staticmethod
    def queryset():
        return Person.objects.external().select_related("organization").order_by(*PERSON_ORDER)


ORGANIZATION_KIND_WORDS = {
    Organization.Kind.ENTERPRISE: "предприятие",
    Organization.Kind.EDUCATIONAL: "образовательная организация",
    Organization.Kind.OTHER: "иная",
}
TERRITORY_WORDS = {
    Organization.Territory.TOWN: "город",
    Organization.Territory.DISTRICT: "район",
    Organization.Territory.ELSEWHERE: "другая",
}
STATUS_WORDS = {
    Mentorship.Status.DRAFT: "черновик",
    Mentorship.Status.ACTIVE: "активна",
    Mentorship.Status.COMPLETED: "завершена",
    Mentorship.Status.TERMINATED: "прекращена",
    Mentorship.Status.CANCELLED: "отменена",
}


class OrganizationResource(_Resource):
    name = fields.Field(attribute="name", column_name="Название")
    inn = fields.Field(attribute="inn", column_name="ИНН")
    kind = fields.Field(column_name="Тип")
    territory = fields.Field(column_name="Территория")
    contacts = fields.Field(attribute="contacts", column_name="Контакты")

    def export_field(self, field, instance, **kwargs):
        if field.column_name == "Тип":
            return ORGANIZATION_KIND_WORDS[instance.kind]
        if field.column_name == "Территория":
            return TERRITORY_WORDS[instance.territory]
        return super().export_field(field, instance)

    @staticmethod
    def queryset():
        return Organization.objects.order_by("name", "pk")


class MentorshipResource(_Resource):
    roster_id = fields.Field(attribute="roster_id", column_name="ID")
    form = fields.Field(attribute="form__name", column_name="Форма")
    role_model = fields.Field(attribute="role_model__name", column_name="Ролевая модель")
    mentor = fields.Field(column_name="Наставник")
    mentees = fields.Field(column_name="Наставляемые")
    start_date = fields.Field(attribute="start_date", column_name="Дата начала")
    end_date = fields.Field(attribute="end_date", column_name="Дата окончания")
    status = fields.Field(column_name="Статус")
    termination_reason = fields.Field(attribute="termination_reason", column_name="Причина прекращения")
    request = fields.Field(attribute="request", column_name="Запрос")
    curator = fields.Field(column_name="Куратор")

    def rows(self, queryset):
        # A person without an ID whose full name another person shares is written with the key («… (код 12)»).
        people = Person.objects.values_list("last_name", "first_name", "patronymic")
        self.names = Counter(fold(" ".join(p for p in parts if p)) for parts in people)
        return super().rows(queryset)

    def person_ref(self, person):
        if person.roster_id:
            return person.roster_id
        if self.names[fold(person.full_name)] == 1:
            return person.full_name
        return reference(person.full_name, person.pk)

    def export_field(self, field, instance, **kwargs):
        name = field.column_name
        if name == "Наставник":
            return self.person_ref(instance.mentor)
        if name == "Наставляемые":
            return "; ".join(self.person_ref(m) for m in instance.mentees.all())
        if name == "Статус":
            return STATUS_WORDS[instance.status]
        if name == "Куратор":
            return instance.curator.get_username() if instance.curator else ""
        return super().export_field(field, instance)

    @staticmethod
    def queryset():
        return Mentorship.objects.select_related("form", "role_model", "mentor", "curator").prefetch_related("mentees")


RESOURCES = {
    "students": StudentResource,
    "teachers": TeacherResource,
    "external": MentorResource,
    "organizations": OrganizationResource,
    "mentorships": MentorshipResource,
}


def export_queryset(kind):
    """Every record of an export of `kind`, with what its rows read loaded up front."""
    return RESOURCES[kind].queryset()


def export_rows(kind, queryset=None):
    """The rows of an export of `kind`: header, then one row per record of `queryset` (default: all)."""
    resource = RESOURCES[kind]()
    queryset = resource.queryset() if queryset is None else queryset
    return list(resource.rows(list(queryset)))


def template_rows(kind):
    """The import template: the header row and one example row."""
    columns = KINDS[kind].template_columns()
    return [[c.title for c in columns], [c.example if c.example != "" else None for c in columns]]
