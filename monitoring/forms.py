"""The form a participant fills in: built from the questionnaire's current items, plain HTML controls (radio
buttons and check boxes), so it works on a phone without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import form_field, validate_line, validate_text

from .models import SCALE_MAX, SCALE_MIN, Item, Questionnaire, SwotAnalysis

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
            # No score is preselected: a forgotten one is refused, never counted as a «1».
            return forms.ChoiceField(
                choices=options,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a score from 1 to 10."),
                    "invalid_choice": _("Choose a score from 1 to 10."),
                },
                **common,
            )
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


class QuestionnaireForm(forms.ModelForm):
    """Title, introduction and «in use»; purpose, role and form only while the questionnaire has no answers."""

    class Meta:
        model = Questionnaire
        fields = ["title", "purpose", "role", "form", "intro", "is_active"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, answered: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if answered:
            for name in ("purpose", "role", "form"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the questionnaire already has answers.")

    def _post_clean(self):
        pass  # the service validates (full_clean) and saves

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ItemForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "Latin letters, digits, «-» and «_». The same key in the entry and exit questionnaires makes their "
            "answers comparable. Empty: made up."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Item.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500, validators=[validate_line])
    hint = forms.CharField(label=_("Hint"), max_length=300, required=False, validators=[validate_line])
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_text],
        help_text=_("For one or several choices: one option per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["key"]

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        return {
            "kind": item.kind,
            "text": item.text,
            "hint": item.hint,
            "choices": "\n".join(item.choices or []),
            "required": item.required,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        return data


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
