"""The hub dashboards' one form: the monitoring date, chosen from the dates the hub holds (a GET form)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class MonitoringDateForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Monitoring date"), required=False, coerce=datetime.date.fromisoformat)

    def __init__(self, data, *, dates: list[datetime.date]):
        super().__init__(data)
        self.dates = dates
        self.fields["date"].choices = [(d.isoformat(), d.strftime("%d.%m.%Y")) for d in dates]

    def chosen(self) -> datetime.date | None:
        """The date asked for if the hub holds it, else the latest one (None: no reports at all)."""
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return self.dates[0] if self.dates else None
