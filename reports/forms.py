import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from config import text

from .models import AnalyticSummary


class SummaryNotesForm(forms.Form):
    conclusions = text.form_field(
        AnalyticSummary,
        "conclusions",
        label=_("Curator's conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decisions = text.form_field(
        AnalyticSummary,
        "decisions",
        label=_("Management decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SummaryDateForm(forms.Form):
    as_of = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Monitoring dates are 20 June and 20 December; for another date the indicators are live values."),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if self.today is not None and value > self.today:
            raise forms.ValidationError(_("A summary cannot be made for a date that has not come yet."))
        return value


class OrderListForm(forms.Form):
    date = forms.DateField(required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def selection(self, today):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("year"):
            return None, data["year"]
        return data.get("date") or today, None


def parse_iso_date(raw):
    try:
        return datetime.date.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
