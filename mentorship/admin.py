from django.contrib import admin

from .models import (
    BestMentor,
    Feedback,
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


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "director", "town", "district"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not School.objects.exists()


@admin.register(MenteeCategory)
class MenteeCategoryAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "code", "order"]


class RoleModelInline(admin.TabularInline):
    model = RoleModel
    extra = 0


@admin.register(MentorshipForm)
class MentorshipFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    inlines = [RoleModelInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "inn", "kind", "territory", "agreement_number"]
    list_filter = ["kind", "territory"]
    search_fields = ["name", "inn"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "class_name", "birth_date", "date_joined", "date_left", "roster_id"]
    list_filter = ["kind", "grade", "categories"]
    search_fields = ["last_name", "first_name", "patronymic", "roster_id"]
    list_select_related = ["organization"]
    filter_horizontal = ["categories"]
    autocomplete_fields = ["organization", "user"]

    def has_delete_permission(self, request, obj=None):
        # People leave (date left) rather than disappear, so past years' figures stay right.
        return request.user.is_superuser


class PlanInline(admin.TabularInline):
    model = IndividualPlan
    extra = 0
    fields = ["mentee", "goal", "deficits"]
    autocomplete_fields = ["mentee"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["date", "format", "topic"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "start_date", "end_date", "curator"]
    list_filter = ["status", "form"]
    search_fields = ["mentor__last_name", "mentees__last_name", "roster_id"]
    autocomplete_fields = ["mentor", "mentees", "curator"]
    list_select_related = ["form", "mentor", "curator"]
    inlines = [PlanInline, MeetingInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(IndividualPlan)
class IndividualPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentorship"]
    list_select_related = ["mentee", "mentorship", "mentorship__form"]
    autocomplete_fields = ["mentee", "mentorship"]
    inlines = [PlanItemInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "format", "mentorship"]
    list_select_related = ["mentorship", "mentorship__form", "mentorship__mentor"]
    autocomplete_fields = ["mentorship"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "author_role", "mentee", "created_at"]
    list_select_related = ["mentorship", "mentorship__form", "mentorship__mentor", "mentee"]
    autocomplete_fields = ["mentorship", "mentee"]


@admin.register(BestMentor)
class BestMentorAdmin(admin.ModelAdmin):
    list_display = ["person", "year"]
    list_filter = ["year"]
    autocomplete_fields = ["person"]
