"""The public application forms (with their spam checks) and the curators' decision forms."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from config import text
from mentorship.forms import DateInput
from mentorship.models import Organization, Person

from .models import Application

_SIGNER_SALT = "joining.form-started"
HONEYPOT = "website"


def started_token() -> str:
    """The signed moment a form was shown: the minimum fill time is measured from it."""
    return signing.dumps(int(time.time()), salt=_SIGNER_SALT)


def started_age(token: str) -> float | None:
    """Seconds since the form was shown, or None if the token is forged or older than allowed."""
    try:
        started = signing.loads(token, salt=_SIGNER_SALT, max_age=settings.JOIN_MAX_FORM_AGE_HOURS * 3600)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - int(started)


COMMON_FIELDS = ["last_name", "first_name", "patronymic", "birth_date", "grade", "class_letter"]
CONTACT_FIELDS = ["email", "phone"]
PARENT_FIELDS = ["parent_name", "parent_contact", "parent_consent"]


class ApplicationForm(forms.ModelForm):
    """A visitor's application. Two hidden fields fight robots: `website` must stay empty (people do not
    see it) and `started` carries the signed moment the form was shown."""

    wish: str = ""
    kinds: tuple = ()

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    class Meta:
        model = Application
        fields: list[str] = []
        widgets = {
            "birth_date": DateInput(),
            "request": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [(k, label) for k, label in Person.Kind.choices if k in self.kinds]
        kind.widget = forms.RadioSelect(choices=kind.choices)
        self.fields["started"].initial = started_token()
        self.fields["parent_consent"].label = _(
            "The parent (legal representative) agrees to the application and to the processing of the child's "
            "personal data for the mentoring programme"
        )
        for name in ("last_name", "first_name"):
            self.fields[name].required = True

    def spam_check(self) -> str:
        """'' for a person; 'honeypot' or 'too_fast' or 'expired' for what looks like a robot or a stale form."""
        if self.data.get(HONEYPOT):
            return "honeypot"
        age = started_age(self.data.get("started", ""))
        if age is None:
            return "expired"
        if age < settings.JOIN_MIN_FILL_SECONDS:
            return "too_fast"
        return ""

    def application_data(self) -> dict:
        return {**{name: self.cleaned_data[name] for name in self._meta.fields}, "wish": self.wish}


class MenteeApplicationForm(ApplicationForm):
    wish = Application.Wish.MENTEE
    kinds = (Person.Kind.STUDENT, Person.Kind.TEACHER)

    class Meta(ApplicationForm.Meta):
        fields = [
            "kind",
            *COMMON_FIELDS,
            "position",
            *PARENT_FIELDS,
            *CONTACT_FIELDS,
            "request",
            "interests",
            "availability",
        ]
        labels = {"request": _("What you want help with (your request)")}


class MentorApplicationForm(ApplicationForm):
    wish = Application.Wish.MENTOR
    kinds = (Person.Kind.STUDENT, Person.Kind.TEACHER, Person.Kind.EXTERNAL)

    class Meta(ApplicationForm.Meta):
        fields = [
            "kind",
            *COMMON_FIELDS,
            "position",
            "organization_name",
            *PARENT_FIELDS,
            *CONTACT_FIELDS,
            "strengths",
            "request",
            "interests",
            "availability",
        ]
        labels = {
            "strengths": _("What you are good at and can help with"),
            "request": _("Whom you would like to mentor"),
        }


class AcceptForm(forms.Form):
    """Accept: a new registry person, or one of the people found as possible duplicates."""

    person = forms.TypedChoiceField(label=_("Registry person"), coerce=int, widget=forms.RadioSelect, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organisation in the registry"), queryset=Organization.objects.none(), required=False
    )
    consent_confirmed = forms.BooleanField(
        label=_("The parent's signed consent to the processing of personal data has been received"), required=False
    )

    def __init__(self, *args, application: Application, candidates: list[Person], organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {p.pk: p for p in candidates}
        self.fields["person"].choices = [(0, _("Create a new registry person"))] + [
            (p.pk, p.full_name) for p in candidates
        ]
        self.fields["person"].initial = 0
        if application.kind == Person.Kind.EXTERNAL:
            self.fields["organization"].queryset = Organization.objects.order_by("name")
            self.fields["organization"].initial = organization
        else:
            del self.fields["organization"]
        if application.kind != Person.Kind.STUDENT:
            del self.fields["consent_confirmed"]

    def chosen_person(self) -> Person | None:
        return self.candidates.get(self.cleaned_data.get("person") or 0)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (written to the applicant)"),
        max_length=2000,
        validators=[text.validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
