"""The form a participant fills in: built from the questionnaire's current items, plain HTML controls (radio
buttons and check boxes), so it works on a phone without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import form_field, validate_text

from .models import SCALE_MAX, SCALE_MIN, Item, SwotAnalysis

YES, NO = "yes", "no"


class ResponseForm(forms.Form):
    def __init__(self, *args, items: list[Item], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = self._field(item)

    @staticmethod
    def _field(item: Item) -> forms.Field:
        common = {"label": item.text, "help_text": item.hint, "required": item.required}
        if item.kind == Item.Kind.SCALE:
            options = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if item.kind == Item.Kind.YES_NO:
            return forms.ChoiceField(choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common)
        options = [(str(i), label) for i, label in enumerate(item.choices)]
        if item.kind == Item.Kind.ONE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if item.kind == Item.Kind.MANY:
            return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, validators=[validate_text], **common
        )

    def answers(self) -> dict:
        """The cleaned values in the form `response_submit` takes."""
        values: dict = {}
        for item in self.items:
            value = self.cleaned_data.get(item.key)
            if item.kind == Item.Kind.SCALE and value:
                value = int(value)
            elif item.kind == Item.Kind.YES_NO:
                value = {YES: True, NO: False}.get(value)
            elif item.kind == Item.Kind.ONE and value not in (None, ""):
                value = int(value)
            elif item.kind == Item.Kind.MANY:
                value = [int(v) for v in value or []]
            values[item.key] = value
        return values


class SwotForm(forms.Form):
    """The four parts of the SWOT analysis; drafted from the data, edited by the curator."""

    strengths = form_field(
        SwotAnalysis, "strengths", label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    weaknesses = form_field(
        SwotAnalysis, "weaknesses", label=_("Weaknesses"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    opportunities = form_field(
        SwotAnalysis,
        "opportunities",
        label=_("Opportunities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    threats = form_field(
        SwotAnalysis, "threats", label=_("Threats"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
