"""Questionnaires, their questions and the responses are shown read-only here: the curators' pages
(/monitoring/questionnaires/, monitoring/services.py) are the place to adapt a questionnaire, so that a
question with answers is never changed in place."""

from django.contrib import admin

from config.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import Answer, Item, Questionnaire, Response


class ItemInline(ReadOnlyInline):
    model = Item
    fields = ["order", "key", "version", "kind", "text", "required", "retired_at"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["title", "code", "purpose", "role", "form", "is_active", "builtin"]
    list_filter = ["purpose", "role", "form", "is_active", "builtin"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["text", "questionnaire", "key", "version", "kind", "retired_at"]
    list_filter = ["questionnaire", "kind"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["item", "number", "flag", "chosen", "text"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "role", "channel", "submitted_at"]
    list_filter = ["questionnaire", "role", "channel"]
    inlines = [AnswerInline]
