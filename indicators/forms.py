"""The targets page's form: a year's four targets and its number of enterprises in the town and district."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from config import text

from .models import EnterpriseCount, Indicator

TARGET_FIELD = "target_{code}"


class YearTargetsForm(forms.Form):
    """One field per indicator (empty: no target for the year), then the number of enterprises and its source."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for number, indicator in enumerate(indicators, start=1):
            self.fields[TARGET_FIELD.format(code=indicator.code)] = forms.DecimalField(
                label=f"{number}. {indicator.short_name}, %",
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                max_digits=4,
                decimal_places=1,
                help_text=_("Empty: no target for this year."),
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            )
        self.fields["enterprise_count"] = forms.IntegerField(
            label=_("Number of enterprises in the town and district"),
            required=False,
            min_value=1,
            help_text=_("The denominator of indicator 4; empty: the organisations of the registry are counted."),
        )
        self.fields["enterprise_source"] = text.form_field(
            EnterpriseCount, "source", label=_("Source of the number"), required=False
        )

    def target_fields(self) -> list[forms.BoundField]:
        return [self[TARGET_FIELD.format(code=i.code)] for i in self.indicators]

    def values(self) -> dict[str, Decimal | None]:
        return {i.code: self.cleaned_data.get(TARGET_FIELD.format(code=i.code)) for i in self.indicators}

    def add_service_errors(self, message_dict: dict[str, list[str]]) -> None:
        for key, messages in message_dict.items():
            name = key if key in self.fields else TARGET_FIELD.format(code=key)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
