import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.dates import monitoring_dates
from reports.services import monitoring_dates_due


def dates_offered(today: datetime.date) -> list[datetime.date]:
    """The monitoring dates a report can be sent for, latest first: from the programme's start up to today
    (without a roadmap period, this year's and last year's)."""
    dates = monitoring_dates_due(today=today) or [
        d for year in (today.year - 1, today.year) for d in monitoring_dates(year) if d <= today
    ]
    return sorted(dates, reverse=True)


class DeliveryQueueForm(forms.Form):
    as_of = forms.TypedChoiceField(
        label=_("Monitoring date"),
        coerce=datetime.date.fromisoformat,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    rebuild = forms.BooleanField(
        label=_("Build the report anew"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("For a date already delivered: the hub replaces the report it holds."),
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["as_of"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d.isoformat(), d.strftime("%d.%m.%Y")) for d in dates_offered(today)]
