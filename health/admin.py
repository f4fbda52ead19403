from django.contrib import admin

from config.admin_base import ReadOnlyAdmin

from .models import HealthRun, Letter, PairHealth


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "recipient", "mentorship_id", "reason", "day")
    list_filter = ("kind", "reason")


@admin.register(HealthRun)
class HealthRunAdmin(ReadOnlyAdmin):
    list_display = ("finished_at", "day", "pairs", "ok", "attention", "risk", "written", "whole")


@admin.register(PairHealth)
class PairHealthAdmin(ReadOnlyAdmin):
    list_display = ("mentorship_id", "status", "since", "last_meeting", "changed_at")
    list_filter = ("status",)
