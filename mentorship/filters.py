import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import UserFullNameChoiceField
from .models import MenteeCategory, Mentorship, MentorshipForm, Organization, Person, on_roll_q, young_teacher_q
from .search import name_query, organization_query


class OnRollFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("current", _("on roll today")), ("left", _("left")), ("all", _("everyone"))])
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value == "all":
            return qs
        today = timezone.localdate()
        if value == "left":
            return qs.filter(date_left__lte=today)  # no longer on roll because they left
        return qs.filter(on_roll_q(today))


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    roll = OnRollFilter(label=_("Who"), field_name="date_left")

    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(name_query(value))


class StudentFilter(PersonFilter):
    grade = django_filters.ChoiceFilter(
        label=_("Grade"), choices=[(g, str(g)) for g in range(1, 12)], field_name="grade"
    )
    class_letter = django_filters.CharFilter(label=_("Class letter"), method="filter_letter")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=MenteeCategory.objects.all(), field_name="categories"
    )

    def filter_letter(self, queryset, name, value):
        return queryset.filter(class_letter=value.strip().upper())


class TeacherFilter(PersonFilter):
    young = django_filters.BooleanFilter(label=_("Young specialists only"), method="filter_young")

    def filter_young(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(young_teacher_q(timezone.localdate()))


class ExternalFilter(PersonFilter):
    organization = django_filters.ModelChoiceFilter(label=_("Organisation"), queryset=Organization.objects.all())


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices)
    territory = django_filters.ChoiceFilter(label=_("Territory"), choices=Organization.Territory.choices)

    class Meta:
        model = Organization
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(organization_query(value))


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    """A portal user by full name (the login only for an account without one), as everywhere a user is chosen."""

    field_class = UserFullNameChoiceField


def _year_choices():
    return [(y, str(y)) for y in range(timezone.localdate().year, 2019, -1)]


class MentorshipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mentor or mentee"), method="search")
    form = django_filters.ModelChoiceFilter(label=_("Form"), queryset=MentorshipForm.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Mentorship.Status.choices)
    curator = UserChoiceFilter(
        label=_("Curator"),
        queryset=get_user_model()
        .objects.filter(curated_mentorships__isnull=False)
        .distinct()
        .order_by("last_name", "first_name", "username"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_year_choices, method="filter_year", empty_label=_("any")
    )

    class Meta:
        model = Mentorship
        fields: list[str] = []

    def search(self, queryset, name, value):
        people = Person.objects.filter(name_query(value)).values("pk")
        return queryset.filter(Q(mentor__in=people) | Q(mentees__in=people)).distinct()

    def filter_year(self, queryset, name, value):
        value = int(value)
        start, end = datetime.date(value, 1, 1), datetime.date(value, 12, 31)
        return queryset.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


# The filters of each list, by the registry's slug (the roster's export kinds use the same slugs): the list
# and its «Export to Excel» apply the same FilterSet to the same query string, so the file holds the list.
LIST_FILTERS: dict[str, type[django_filters.FilterSet]] = {
    "students": StudentFilter,
    "teachers": TeacherFilter,
    "external": ExternalFilter,
    "organizations": OrganizationFilter,
    "mentorships": MentorshipFilter,
}
