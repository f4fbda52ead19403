from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Activity, Evidence, Occurrence, Programme, ReminderLog, Section


class DeleteThroughServiceMixin:
    """Deletes in the admin go through roadmap_row_delete, so evidence files under the row leave the disk."""

    def delete_model(self, request, obj):
        services.roadmap_row_delete(row=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.roadmap_row_delete(row=obj)


class DeleteThroughServiceFormSet(BaseInlineFormSet):
    """An inline row deleted in the admin goes through roadmap_row_delete too."""

    def delete_existing(self, obj, commit=True):
        if commit:
            services.roadmap_row_delete(row=obj)


class SectionInline(admin.TabularInline):
    model = Section
    formset = DeleteThroughServiceFormSet
    extra = 0
    fields = ["number", "position", "title", "key_result"]


@admin.register(Programme)
class ProgrammeAdmin(DeleteThroughServiceMixin, admin.ModelAdmin):
    list_display = ["__str__", "title", "starts_on", "approval"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(DeleteThroughServiceMixin, admin.ModelAdmin):
    list_display = ["number", "title", "programme"]
    list_filter = ["programme"]


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    formset = DeleteThroughServiceFormSet
    extra = 0
    fields = ["starts_on", "due_on", "status", "completed_on", "note"]


@admin.register(Activity)
class ActivityAdmin(DeleteThroughServiceMixin, admin.ModelAdmin):
    list_display = ["number", "title", "schedule_text", "responsible"]
    list_filter = ["section__programme", "schedule_kind"]
    search_fields = ["number", "title", "responsible"]
    filter_horizontal = ["responsible_users"]
    inlines = [OccurrenceInline]

    @admin.display(description=_("schedule"))
    def schedule_text(self, obj):
        return obj.schedule_text


@admin.register(Occurrence)
class OccurrenceAdmin(DeleteThroughServiceMixin, admin.ModelAdmin):
    list_display = ["activity", "starts_on", "due_on", "status", "completed_on"]
    list_filter = ["status", "activity__section__programme"]
    date_hierarchy = "due_on"
    list_select_related = ["activity"]


@admin.register(Evidence)
class EvidenceAdmin(DeleteThroughServiceMixin, admin.ModelAdmin):
    # Files are added through the roadmap pages, which check their content; here they are only listed.
    list_display = ["__str__", "occurrence", "added_by", "added_at"]
    list_select_related = ["occurrence__activity", "added_by"]
    fields = ["occurrence", "download", "url", "content_type", "size", "comment", "added_by", "added_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("roadmap:evidence_download", args=[obj.pk]), obj.original_name
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "event", "sent_at", "recipients"]
    list_filter = ["event"]
    readonly_fields = ["occurrence", "event", "sent_at", "recipients"]

    def has_add_permission(self, request):
        return False
