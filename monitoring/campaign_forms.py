"""The curator's campaign form: the round itself and which pairs it asks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import validate_text
from mentorship.forms import DateInput
from mentorship.models import Mentorship, MentorshipForm

from .models import Purpose


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        validators=[validate_text],
        help_text=_("Empty: «Monitoring» and the next monitoring date."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.SATISFACTION)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    remind_days_before = forms.IntegerField(
        label=_("Automatic reminder, days before closing"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Empty: no automatic reminder (the campaign page has a button)."),
    )
    form = forms.ModelChoiceField(
        label=_("Form of mentoring"),
        queryset=MentorshipForm.objects.all(),
        required=False,
        empty_label=_("All forms"),
    )
    class_name = forms.CharField(
        label=_("Class of a mentee"),
        max_length=4,
        required=False,
        validators=[validate_text],
        help_text=_("For example 7Б; empty: every class."),
    )
    status = forms.ChoiceField(
        label=_("Mentorships"),
        required=False,
        choices=[
            (Mentorship.Status.ACTIVE, _("active")),
            (Mentorship.Status.COMPLETED, _("completed")),
            ("", _("all but drafts and cancelled")),
        ],
        initial=Mentorship.Status.ACTIVE,
    )
