from django import forms
from django.utils.translation import gettext_lazy as _

from config import text
from mentorship.dates import validate_date_in_range, validate_year

from .models import AnalyticSummary
from .services import summary_date_check


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
        validators=[validate_date_in_range],
        help_text=_("Monitoring dates are 20 June and 20 December; for another date the indicators are live values."),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if self.today is not None:
            summary_date_check(value, today=self.today)
        return value


class OrderListForm(forms.Form):
    date = forms.DateField(required=False, validators=[validate_date_in_range])
    year = forms.IntegerField(required=False, validators=[validate_year])

    def selection(self, today):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("year"):
            return None, data["year"]
        return data.get("date") or today, None
