"""The roadmap is the curators' own and is edited on its pages (statuses, evidence checks, reminders);
the admin lists and shows it read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Activity, Evidence, Occurrence, Programme, ReminderLog, Section


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["number", "position", "title", "key_result"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "title", "starts_on", "approval"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "programme"]
    list_filter = ["programme"]


class OccurrenceInline(ReadOnlyInline):
    model = Occurrence
    fields = ["starts_on", "due_on", "status", "completed_on", "note"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "schedule_text", "responsible"]
    list_filter = ["section__programme", "schedule_kind"]
    search_fields = ["number", "title", "responsible"]
    filter_horizontal = ["responsible_users"]
    inlines = [OccurrenceInline]

    @admin.display(description=_("schedule"))
    def schedule_text(self, obj):
        return obj.schedule_text


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin):
    list_display = ["activity", "starts_on", "due_on", "status", "completed_on"]
    list_filter = ["status", "activity__section__programme"]
    date_hierarchy = "due_on"
    list_select_related = ["activity"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
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


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["occurrence", "event", "sent_at", "recipients"]
    list_filter = ["event"]
    readonly_fields = ["occurrence", "event", "sent_at", "recipients"]
