"""Administrators edit targets, the KPI-4 number of enterprises and enter past values here, each through
its service (the same `target_set` and `enterprise_count_set` as the portal's targets page).

The four indicators and the values recorded by the portal are shown read-only: they are never changed or
deleted from here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from config.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin

from .models import EnterpriseCount, Indicator, Snapshot, Target
from .services import enterprise_count_set, past_value_enter, past_value_errors, target_save


class TargetInline(ReadOnlyInline):
    model = Target


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    # The four indicators are fixed by the spec; their targets are edited under «Targets».
    list_display = ["order", "short_name", "code"]
    list_display_links = ["short_name"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ServiceAdmin):
    list_display = ["indicator", "year", "value"]
    list_filter = ["indicator", "year"]

    def get_readonly_fields(self, request, obj=None):
        return ["indicator", "year"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        return target_save(target=obj, data=form.cleaned_data, user=request.user)


@admin.register(EnterpriseCount)
class EnterpriseCountAdmin(ServiceAdmin):
    list_display = ["year", "count", "source", "entered_by", "updated_at"]
    fields = ["year", "count", "source"]

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        return enterprise_count_set(year=obj.year, count=obj.count, source=obj.source, user=request.user)


class PastValueForm(forms.ModelForm):
    class Meta:
        model = Snapshot
        fields = ["indicator", "as_of", "numerator", "denominator", "value", "note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            errors, _value = past_value_errors(
                indicator=cleaned["indicator"],
                as_of=cleaned["as_of"],
                note=cleaned.get("note", ""),
                numerator=cleaned.get("numerator"),
                denominator=cleaned.get("denominator"),
                value=cleaned.get("value"),
            )
            if errors:
                raise ValidationError(errors)
        return cleaned


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["as_of", "indicator", "numerator", "denominator", "value", "target", "achieved", "source"]
    list_filter = ["source", "indicator", "as_of"]
    date_hierarchy = "as_of"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PastValueForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return PastValueForm.Meta.fields
        return [f.name for f in Snapshot._meta.fields if f.name != "id"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # recorded values must not go in bulk
        return actions

    def has_delete_permission(self, request, obj=None):
        # An administrator may withdraw a value they entered; recorded values stay.
        return super().has_delete_permission(request, obj) and (obj is None or obj.source == Snapshot.Source.ENTERED)

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = past_value_enter(
            indicator=obj.indicator,
            as_of=obj.as_of,
            note=obj.note,
            numerator=obj.numerator,
            denominator=obj.denominator,
            value=obj.value,
            user=request.user,
        )
        obj.pk = saved.pk
