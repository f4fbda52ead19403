"""The hub's Django admin: every write goes through hub/services.py (config/admin_base.py).

A school's key is issued from the organisations' list (the action «Issue a portal key»): the secret is
shown once, in the admin's message, and never stored. A key is revoked from the keys' list."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.admin_base import ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import Campaign, Member, Organisation, Report, SchoolKey


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "code", "kind", "parent", "has_portal"]
    list_filter = ["kind", "has_portal"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    actions = ["issue_key"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        return services.organisation_save(
            organisation=obj if change else None,
            kind=data["kind"],
            code=data["code"],
            name=data["name"],
            short_name=data.get("short_name", ""),
            parent=data.get("parent"),
            has_portal=data.get("has_portal", True),
        )

    @admin.action(description=gettext_lazy("Issue a portal key"), permissions=["change"])
    def issue_key(self, request, queryset):
        for organisation in queryset:
            try:
                key, secret = services.school_key_issue(organisation=organisation)
            except ValidationError as error:
                self.message_user(request, f"{organisation}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(school)s: key ID %(key)s, secret %(secret)s — shown once, pass it to the school.")
                % {"school": organisation, "key": key.key_id, "secret": secret},
                messages.WARNING,
            )


@admin.register(SchoolKey)
class SchoolKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "organisation", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["key_id", "organisation__code", "organisation__name"]
    list_select_related = ["organisation"]
    actions = ["revoke"]

    def has_revoke_permission(self, request):
        return request.user.has_perm("hub.change_schoolkey")

    @admin.action(description=gettext_lazy("Revoke the keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for key in queryset:
            services.school_key_revoke(key=key)
        self.message_user(request, _("Keys revoked: %(count)s.") % {"count": queryset.count()})


@admin.register(Campaign)
class CampaignAdmin(ServiceAdmin):
    list_display = ["monitoring_date", "title", "opens_on", "deadline", "closes_on"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        return services.campaign_save(
            campaign=obj if change else None,
            monitoring_date=data["monitoring_date"],
            title=data.get("title", ""),
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            closes_on=data["closes_on"],
        )


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "monitoring_date", "source", "revision", "received_at", "late"]
    list_filter = ["monitoring_date", "source", "late"]
    search_fields = ["organisation__code", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Member)
class MemberAdmin(ServiceAdmin):
    list_display = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        return services.member_save(
            user=data["user"], organisation=data["organisation"], member=obj if change else None
        )
