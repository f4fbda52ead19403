from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from config import text

from .models import Activity, Evidence, Occurrence, Programme, Section
from .schedules import format_days, parse_days
from .statuses import Status

MONTH_FIELD_CHOICES = [("", "—"), *((m, MONTHS[m]) for m in range(1, 13))]


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "start_year", "end_year", "starts_on", "approval"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "starts_on": forms.DateInput(format="%d.%m.%Y")}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "position", "title", "key_result"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "key_result": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(forms.ModelForm):
    schedule_month = forms.TypedChoiceField(
        label=capfirst(_("month")), choices=MONTH_FIELD_CHOICES, coerce=int, empty_value=None, required=False
    )
    schedule_end_month = forms.TypedChoiceField(
        label=capfirst(_("last month")), choices=MONTH_FIELD_CHOICES, coerce=int, empty_value=None, required=False
    )
    # Typed as «20.12, 20.06» and stored as [[12, 20], [6, 20]].
    schedule_days = forms.CharField(
        label=capfirst(_("dates")),
        required=False,
        help_text=_("For «every year on dates»: day.month, separated by commas, e.g. 20.12, 20.06."),
    )

    class Meta:
        model = Activity
        fields = [
            "section",
            "number",
            "position",
            "title",
            "key_result",
            "schedule_kind",
            "schedule_year",
            "schedule_end_year",
            "schedule_month",
            "schedule_end_month",
            "schedule_days",
            "responsible",
            "responsible_users",
            "documents",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "key_result": forms.Textarea(attrs={"rows": 2}),
            "documents": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = programme.sections.order_by("position", "pk")
        self.fields["responsible_users"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        )
        self.fields["responsible_users"].label_from_instance = lambda u: u.get_full_name() or u.username
        if self.instance.pk:
            self.initial["schedule_days"] = format_days(self.instance.schedule.days)

    def clean_schedule_days(self):
        try:
            return [list(pair) for pair in parse_days(self.cleaned_data["schedule_days"])]
        except ValueError:
            raise forms.ValidationError(_("Write dates as day.month, e.g. 20.12, 20.06.")) from None

    def activity_data(self):
        """The cleaned data as the service takes it."""
        return dict(self.cleaned_data)


class OccurrenceForm(forms.ModelForm):
    status = forms.ChoiceField(
        label=capfirst(_("status")),
        choices=[(v, label) for v, label in Status.choices if v != Status.OVERDUE],
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        help_text=_("For «done»: the day the work was completed (today if empty); not in the future."),
        # A native date picker: the value travels as ISO and the browser shows it as ДД.ММ.ГГГГ.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Occurrence
        fields = ["status", "completed_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.completed_on:
            self.initial["completed_on"] = today or timezone.localdate()


class EvidenceForm(forms.Form):
    file = forms.FileField(label=capfirst(_("file")), required=False)
    url = text.form_field(Evidence, "url", label=capfirst(_("link")), required=False, assume_scheme="https")
    comment = text.form_field(
        Evidence, "comment", label=capfirst(_("comment")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("file")) == bool(cleaned.get("url")):
            raise forms.ValidationError(_("Attach either a file or a link."))
        return cleaned


class RoadmapFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=capfirst(_("year")), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=capfirst(_("status")), required=False, choices=[("", _("any")), *Status.choices])
    # The choices come from the very query that the filter narrows, so any value is accepted here
    # (an unknown one simply matches nothing) and the options are set for display afterwards.
    responsible = forms.CharField(label=capfirst(_("responsible")), required=False, widget=forms.Select)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all years")), *((y, y) for y in years)]

    def set_responsible_choices(self, choices):
        self.fields["responsible"].widget.choices = [("", _("anyone")), *choices]
