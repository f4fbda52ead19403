from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.forms import DateInput
from mentorship.models import MenteeCategory

from . import engine
from .models import MatchingSession
from .selectors import criterion_labels


class SessionForm(forms.ModelForm):
    """A session's pool, form of mentoring, objective and weights (one field per criterion)."""

    categories = forms.ModelMultipleChoiceField(
        label=_("Potential mentee categories"),
        queryset=MenteeCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every potential mentee (at least one category)."),
    )

    class Meta:
        model = MatchingSession
        fields = [
            "title",
            "form",
            "start_date",
            "planned_end_date",
            "group_mentoring",
            "categories",
            "grade_min",
            "grade_max",
            "objective",
            "min_score",
            "seed",
        ]
        widgets = {"start_date": DateInput(), "planned_end_date": DateInput(), "objective": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        weights = engine.clean_weights(self.instance.weights if self.instance.pk else None)
        for code, label in criterion_labels().items():
            self.fields[f"weight_{code}"] = forms.IntegerField(
                label=label, min_value=0, max_value=engine.MAX_WEIGHT, initial=weights[code]
            )

    def weight_fields(self):
        return [self[f"weight_{code}"] for code in engine.CRITERIA]

    def data_for_service(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "categories"}
        data["weights"] = {code: self.cleaned_data[f"weight_{code}"] for code in engine.CRITERIA}
        return data
