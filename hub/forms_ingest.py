"""The hub's forms of the collection campaigns and of the Excel template's upload."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.text import validate_text
from mentorship.forms import DateInput


class CampaignForm(forms.Form):
    monitoring_date = forms.DateField(
        label=_("Monitoring date"), widget=DateInput(), help_text=_("20 June or 20 December.")
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False, validators=[validate_text])
    opens_on = forms.DateField(label=pgettext_lazy("hub", "Opens on"), widget=DateInput())
    deadline = forms.DateField(
        label=pgettext_lazy("hub", "Deadline"),
        widget=DateInput(),
        help_text=_("A report received after this day (Europe/Kirov) is accepted and marked late."),
    )
    closes_on = forms.DateField(
        label=pgettext_lazy("hub", "Closes on"),
        widget=DateInput(),
        help_text=_("After this day no report is accepted."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled template (.xlsx)"),
        help_text=_("The workbook downloaded from this page, filled in, at most 2 MB."),
    )
