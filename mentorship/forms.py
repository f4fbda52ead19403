from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import text

from .models import (
    BestMentor,
    IndividualPlan,
    Meeting,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
    RoleModel,
    School,
)
from .selectors import PICKER_LIMIT, people_for_picker


def _model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's choice-of-records field, typed as such (`form.fields` holds plain Fields)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO and is shown ДД.ММ.ГГГГ by the browser locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_widgets(*names):
    return {name: DateInput() for name in names}


class VersionField(forms.IntegerField):
    """The hidden version of the record as the form was opened: the lost-update check (services' `_bump_version`).

    Required: a POST without it (an old page, a hand-made request) would otherwise overwrite someone
    else's changes unnoticed. Its message names the problem, since a hidden field has no label.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        message = _("The form was sent without the version of the record. Reload the page and make your changes again.")
        kwargs.setdefault(
            "error_messages", {"required": message, "invalid": message, "min_value": message, "max_value": message}
        )
        super().__init__(min_value=1, max_value=2**31 - 1, **kwargs)


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedForm(_FormBase):
    """A form with a VersionField: its error goes to the top of the form, where a hidden field's error is seen."""

    def clean(self):
        cleaned = super().clean()
        errors = self._errors.pop("version", None)  # type: ignore[attr-defined]  # set by full_clean before clean
        if errors:
            self.add_error(None, errors.as_data())
        return cleaned


class SchoolForm(forms.ModelForm):
    website = forms.URLField(
        label=School._meta.get_field("website").verbose_name.capitalize(), required=False, assume_scheme="https"
    )

    class Meta:
        model = School
        fields = ["name", "short_name", "director", "address", "town", "district", "phone", "email", "website"]


# What the matching assistant scores a mentor by (matching/engine.py), edited by curators here and by the
# mentor on their own profile (MentorProfileForm).
MATCHING_PROFILE = ["strengths", "interests", "availability", "capacity"]


class MentorProfileForm(forms.ModelForm):
    """A mentor's own matching profile: what they are good at, their interests, when they meet, how many at once."""

    class Meta:
        model = Person
        fields = MATCHING_PROFILE


class StudentForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label=_("Potential mentee categories"),
        queryset=MenteeCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "grade",
            "class_letter",
            "categories",
            "date_joined",
            "date_left",
            "pd_consent_date",
            "publication_consent",
            "publication_consent_date",
            "roster_id",
            *MATCHING_PROFILE,
            "request",
        ]
        widgets = _date_widgets("birth_date", "date_joined", "date_left", "pd_consent_date", "publication_consent_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].required = True


class TeacherForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "position",
            "subjects",
            "career_start",
            "date_joined",
            "date_left",
            "phone",
            "email",
            "public_contact",
            "roster_id",
            "user",
            *MATCHING_PROFILE,
        ]
        widgets = _date_widgets("birth_date", "career_start", "date_joined", "date_left")
        labels = {"date_joined": _("date hired"), "date_left": _("date left the school")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _model_field(self, "user").queryset = get_user_model().objects.order_by("last_name", "first_name", "username")
        _model_field(self, "user").label_from_instance = user_label  # type: ignore[method-assign]
        self.fields["user"].help_text = _("The portal account of a teacher who mentors: they will see their pairs.")


class ExternalMentorForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "organization",
            "position",
            "phone",
            "email",
            "birth_date",
            "date_joined",
            "date_left",
            "roster_id",
            "user",
            *MATCHING_PROFILE,
        ]
        widgets = _date_widgets("birth_date", "date_joined", "date_left")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].required = True
        _model_field(self, "user").queryset = get_user_model().objects.order_by("last_name", "first_name", "username")
        _model_field(self, "user").label_from_instance = user_label  # type: ignore[method-assign]


PERSON_FORMS = {
    Person.Kind.STUDENT: StudentForm,
    Person.Kind.TEACHER: TeacherForm,
    Person.Kind.EXTERNAL: ExternalMentorForm,
}


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "inn", "kind", "territory", "contacts", "agreement_number", "agreement_date"]
        widgets = _date_widgets("agreement_date")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person_label(person)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person_label(person)


def picker_detail(person):
    """What tells two namesakes apart in a list: the class, the post, the organisation."""
    if person.kind == Person.Kind.STUDENT:
        return person.class_name
    if person.kind == Person.Kind.TEACHER:
        return person.position or str(_("teacher"))
    return person.organization.name if person.organization_id else str(_("external mentor"))


def person_label(person):
    detail = picker_detail(person)
    return f"{person.full_name} ({detail})" if detail else person.full_name


def user_label(user):
    """A portal user as people are named: the full name, the login only for an account without one."""
    return user.get_full_name() or user.username


class UserFullNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user_label(user)


PICKER_QUERY_MAX = 100  # characters of a name search; longer input is cut, never an error


def _search_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=PICKER_QUERY_MAX,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "class": "form-control"}),
    )


class MentorshipEditForm(VersionedForm, forms.ModelForm):
    """Create or edit a pair or group. The rules themselves are checked by the service.

    Mentor and mentees are chosen from a search, never from the whole registry: the page ships the
    chosen people and the people found (`people_for_picker`, at most PICKER_LIMIT), and the search
    field of each «Find» button works without JavaScript; with it, Tom Select asks the same selector
    as the curator types (`mentorship:people_search`).
    """

    mentor = PersonChoiceField(
        label=_("Mentor"), queryset=Person.objects.none(), widget=forms.Select(attrs={"data-picker": "mentor"})
    )
    mentees = PeopleChoiceField(
        label=_("Mentees"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"data-picker": "mentee"}),
        help_text=_("One mentee makes a pair, several make a group."),
    )
    curator = UserFullNameChoiceField(label=_("Curator"), queryset=None, required=False)
    mentor_search = _search_field(_("Find a mentor by name"))
    mentor_free = forms.BooleanField(label=_("Only mentors with free places"), required=False)
    mentee_search = _search_field(_("Find mentees by name or class"))
    mentee_category = forms.ModelChoiceField(
        label=_("Potential mentee category"), queryset=MenteeCategory.objects.all(), required=False
    )
    version = VersionField()

    SEARCH_FIELDS = ("mentor_search", "mentor_free", "mentee_search", "mentee_category")

    class Meta:
        model = Mentorship
        fields = [
            "form",
            "role_model",
            "mentor",
            "mentees",
            "request",
            "goal",
            "curator",
            "start_date",
            "planned_end_date",
            "status",
            "roster_id",
        ]
        widgets = {
            **_date_widgets("start_date", "planned_end_date"),
            "request": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, find=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        people = Person.objects.on_roll(today)
        if self.instance.pk:
            current = [self.instance.mentor_id, *self.instance.mentees.values_list("pk", flat=True)]
            people = Person.objects.filter(pk__in=current) | people
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]  # a new mentorship has no version to lose
        # Validation asks the database for the chosen people only; the page lists only what was found.
        _model_field(self, "mentor").queryset = people.distinct()
        _model_field(self, "mentees").queryset = people.exclude(kind=Person.Kind.EXTERNAL).distinct()
        forms_ = list(MentorshipForm.objects.all())
        _model_field(self, "form").queryset = MentorshipForm.objects.all()
        _choice_field(self, "form").choices = [("", "---------"), *((f.pk, f.name) for f in forms_)]
        role_models = list(RoleModel.objects.all())
        _model_field(self, "role_model").queryset = RoleModel.objects.all()
        _choice_field(self, "role_model").choices = [
            ("", "---------"),
            *(
                (f.name, [(rm.pk, rm.name) for rm in role_models if rm.form_id == f.pk])
                for f in forms_
                if any(rm.form_id == f.pk for rm in role_models)
            ),
        ]
        _model_field(self, "curator").queryset = (
            get_user_model()
            .objects.filter(
                Q(groups__permissions__codename="curate_mentorships", is_active=True)
                | Q(user_permissions__codename="curate_mentorships", is_active=True)
                # A curator who has since left the role stays this mentorship's curator until changed.
                | Q(pk=self.instance.curator_id or 0)
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        # Completing and terminating have their own pages, with an end date and a reason.
        allowed = [Mentorship.Status.DRAFT, Mentorship.Status.ACTIVE]
        if self.instance.pk and self.instance.status not in allowed:
            allowed = [Mentorship.Status(self.instance.status)]
        _choice_field(self, "status").choices = [(s.value, s.label) for s in allowed]

        chosen_form = next((f for f in forms_ if str(f.pk) == str(self._value("form"))), None)
        self.found = {}
        for name, role in (("mentor", "mentor"), ("mentees", "mentee")):
            chosen = [int(v) for v in self._values(name) if str(v).isdigit()]
            options = people_for_picker(role=role, pks=chosen, day=today) if chosen else []
            if find == name:
                query = str(self._value(f"{role}_search") or "")[:PICKER_QUERY_MAX]
                category_pk = str(self._value("mentee_category") or "")
                found = people_for_picker(
                    role=role,
                    form=chosen_form,
                    query=query,
                    category=MenteeCategory.objects.filter(pk=category_pk).first() if category_pk.isdigit() else None,
                    free_only=role == "mentor" and bool(self._value("mentor_free")),
                    day=today,
                    limit=PICKER_LIMIT + 1,
                )
                self.found[name] = {"count": min(len(found), PICKER_LIMIT), "more": len(found) > PICKER_LIMIT}
                options += [p for p in found[:PICKER_LIMIT] if p.pk not in chosen]
            blank = [] if name == "mentees" else [("", "---------")]
            self.fields[name].widget.choices = [*blank, *((p.pk, self._picker_label(p, role)) for p in options)]

    @staticmethod
    def _picker_label(person, role):
        label = person_label(person)
        if role == "mentor":
            label += " — " + str(_("free places: %(free)d") % {"free": person.free})
        return label

    def _raw(self):
        return self.data if self.is_bound else self.initial

    def _value(self, name):
        raw = self._raw()
        if self.is_bound:
            return raw.get(name)
        value = raw.get(name)
        if value is None and name in ("form", "mentor") and self.instance.pk:
            value = getattr(self.instance, f"{name}_id")
        return getattr(value, "pk", value)

    def _values(self, name):
        raw = self._raw()
        if self.is_bound:
            return raw.getlist(name) if name == "mentees" else [raw.get(name)]
        value = raw.get(name)
        if value is None and self.instance.pk:
            value = list(self.instance.mentees.all()) if name == "mentees" else self.instance.mentor_id
        if value is None:
            return []
        values = value if name == "mentees" and not isinstance(value, (str, int)) else [value]
        return [getattr(v, "pk", v) for v in values]

    @classmethod
    def initial_from(cls, data):
        """The posted values as a form's initial data: a «Find» reloads the form as typed, without errors."""
        initial = {}
        for name, value in data.lists():
            initial[name] = value if name == "mentees" else value[-1]
        return initial


class CompleteForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    results = text.form_field(
        Mentorship, "results", label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    confirm_open_items = forms.BooleanField(
        label=_("Complete anyway: the open plan items stay as they are"), required=False
    )

    def __init__(self, *args, open_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.open_items = list(open_items)
        if not self.open_items:
            del self.fields["confirm_open_items"]

    def clean(self):
        cleaned = super().clean() or {}
        if self.open_items and not cleaned.get("confirm_open_items"):
            self.add_error(
                "confirm_open_items",
                _("The plans have open items (listed above). Confirm that the mentorship is completed anyway."),
            )
        return cleaned


class TerminateForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    reason = text.form_field(
        Mentorship, "termination_reason", label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


class PlanForm(VersionedForm, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = IndividualPlan
        fields = ["goal", "deficits"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 2}), "deficits": forms.Textarea(attrs={"rows": 2})}


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["task", "work_form", "deadline", "status", "result"]
        widgets = {**_date_widgets("deadline"), "result": forms.Textarea(attrs={"rows": 2})}


class MeetingForm(forms.ModelForm):
    """Plan a meeting (a date ahead) or write down one that took place."""

    status = forms.ChoiceField(
        label=_("The meeting"),
        choices=[
            (Meeting.Status.PLANNED.value, _("is planned (a reminder comes by e-mail the day before)")),
            (Meeting.Status.HELD.value, _("has taken place")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Meeting
        fields = ["status", "date", "format", "topic", "notes"]
        widgets = {**_date_widgets("date"), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": _("For a held meeting: what was done and agreed.")}


class MeetingHeldForm(forms.ModelForm):
    """Mark a planned meeting held: the day it really took place, and what happened."""

    class Meta:
        model = Meeting
        fields = ["date", "format", "topic", "notes"]
        widgets = {**_date_widgets("date"), "notes": forms.Textarea(attrs={"rows": 4})}


class BestMentorForm(forms.Form):
    """Mark a mentor best of a year: the mentors, grouped by kind (teachers, external mentors, students).

    A plain form: every rule — a mentor of that year, once a year — is the service's (best_mentor_save),
    said at the mentor field, the same in the admin."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    person = PersonChoiceField(label=_("Mentor"), queryset=Person.objects.none())
    citation = text.form_field(
        BestMentor, "citation", label=_("Citation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        field = _model_field(self, "person")
        field.queryset = people
        kinds = dict(Person.Kind.choices)
        groups: dict[str, list] = {}
        for person in people:
            groups.setdefault(str(kinds[person.kind]), []).append((person.pk, person_label(person)))
        field.choices = [("", "---------"), *groups.items()]
        self.fields["year"].initial = timezone.localdate().year
