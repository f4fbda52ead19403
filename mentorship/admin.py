"""The registry in the Django admin: every write goes through the services, as on the pages.

Mentorships, people, organisations, the school and best mentors are saved by their services (the
mentorship rules, plans for every mentee, the person rules). Plans, meetings and feedback are edited on the
mentorship's page; the reference lists (forms, role models, categories) come with the portal and are shown
read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin

from .models import (
    BestMentor,
    IndividualPlan,
    Meeting,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
    RoleModel,
    School,
)
from .search import name_query, organization_query
from .services import (
    best_mentor_save,
    mentorship_create,
    mentorship_update,
    organization_save,
    person_link_user,
    person_save,
    school_update,
)


def _data(form, *, without=()):
    return {name: value for name, value in form.cleaned_data.items() if name not in without}


@admin.register(School)
class SchoolAdmin(ServiceAdmin):
    list_display = ["short_name", "director", "town", "district"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not School.objects.exists()

    def service_save(self, request, obj, form, change):
        return school_update(school=obj, data=_data(form))


@admin.register(MenteeCategory)
class MenteeCategoryAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "name", "code", "order"]


class RoleModelInline(ReadOnlyInline):
    model = RoleModel


@admin.register(MentorshipForm)
class MentorshipFormAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "order"]
    inlines = [RoleModelInline]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ["name", "inn", "kind", "territory", "agreement_number"]
    list_filter = ["kind", "territory"]
    search_fields = ["name", "inn"]

    def get_search_results(self, request, queryset, search_term):
        """The portal's search rule (mentorship/search.py), here and in the admin's autocomplete."""
        return queryset.filter(organization_query(search_term)), False

    def service_save(self, request, obj, form, change):
        return organization_save(organization=obj, data=_data(form))


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    list_display = ["name", "kind", "school_class", "birth_date", "date_joined", "date_left", "roster_id"]
    list_filter = ["kind", "grade", "categories"]
    search_fields = ["last_name", "first_name", "patronymic", "roster_id"]
    list_select_related = ["organization"]
    filter_horizontal = ["categories"]
    autocomplete_fields = ["organization", "user"]
    # Destroying personal data is done on the person's page (with its act), never by editing a date.
    readonly_fields = ["purged_at"]

    def get_search_results(self, request, queryset, search_term):
        """The portal's search rule (mentorship/search.py), here and in the admin's autocomplete."""
        return queryset.filter(name_query(search_term)), False

    @admin.display(description=pgettext_lazy("person", "full name"), ordering="last_name")
    def name(self, obj):
        return obj.full_name

    @admin.display(description=_("class"), ordering="grade")
    def school_class(self, obj):
        return obj.class_name

    def service_save(self, request, obj, form, change):
        user = form.cleaned_data.get("user")
        data = _data(form, without=("categories", "user"))
        if user is None:
            data["user"] = None
        person = person_save(person=obj, data=data, categories=form.cleaned_data.get("categories"))
        if user is not None:
            person_link_user(person=person, user=user)
        return person


class PlanInline(ReadOnlyInline):
    model = IndividualPlan
    fields = ["mentee", "goal", "deficits"]


class MeetingInline(ReadOnlyInline):
    model = Meeting
    fields = ["date", "status", "format", "topic"]


class _PairTitles:
    """A mentorship's title names its mentees: the changelist loads them up front, not one query per row."""

    pair_path = "mentorship"

    def get_queryset(self, request):
        prefix = f"{self.pair_path}__" if self.pair_path else ""
        return super().get_queryset(request).prefetch_related(f"{prefix}mentees")


@admin.register(Mentorship)
class MentorshipAdmin(_PairTitles, ServiceAdmin):
    pair_path = ""
    list_display = ["__str__", "status", "start_date", "end_date", "curator"]
    list_filter = ["status", "form"]
    search_fields = ["mentor__last_name", "mentees__last_name", "roster_id"]
    autocomplete_fields = ["mentor", "mentees", "curator"]
    list_select_related = ["form", "mentor", "curator"]
    exclude = ["version"]
    inlines = [PlanInline, MeetingInline]

    def service_save(self, request, obj, form, change):
        data = _data(form, without=("mentor", "mentees"))
        mentees = form.cleaned_data["mentees"]
        if change:
            return mentorship_update(
                mentorship=obj, data={"mentor": form.cleaned_data["mentor"], **data}, mentees=mentees
            )
        return mentorship_create(mentor=form.cleaned_data["mentor"], mentees=mentees, **data)


class PlanItemInline(ReadOnlyInline):
    model = PlanItem


@admin.register(IndividualPlan)
class IndividualPlanAdmin(_PairTitles, ReadOnlyAdmin):
    list_display = ["__str__", "mentorship"]
    list_select_related = ["mentee", "mentorship", "mentorship__form"]
    inlines = [PlanItemInline]


@admin.register(Meeting)
class MeetingAdmin(_PairTitles, ReadOnlyAdmin):
    list_display = ["date", "status", "topic", "format", "mentorship"]
    list_filter = ["status"]
    list_select_related = ["mentorship", "mentorship__form", "mentorship__mentor"]


@admin.register(BestMentor)
class BestMentorAdmin(ServiceAdmin):
    list_display = ["person", "year"]
    list_filter = ["year"]
    autocomplete_fields = ["person"]

    def service_save(self, request, obj, form, change):
        return best_mentor_save(award=obj, data=_data(form))
