"""The rules every mentorship obeys, wherever it comes from (browser, admin, import).

`mentorship_errors` returns a {field: [messages]} dict in Russian, empty when all is well, so a form
shows each message under its field and an import reports it against its row.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .dates import validate_date
from .models import Meeting, Mentorship, MentorshipForm, Organization, Person

Code = MentorshipForm.Code
Kind = Person.Kind

# Which kind of person may be the mentor and the mentees in each form.
FORM_ROLES = {
    Code.STUDENT_STUDENT: (Kind.STUDENT, None, Kind.STUDENT),
    Code.TEACHER_TEACHER: (Kind.TEACHER, None, Kind.TEACHER),
    Code.EMPLOYER_STUDENT: (Kind.EXTERNAL, Organization.Kind.ENTERPRISE, Kind.STUDENT),
    Code.UNIVERSITY_STUDENT: (Kind.EXTERNAL, Organization.Kind.EDUCATIONAL, Kind.STUDENT),
}


def form_role_q(code, role, prefix=""):
    """The people who may take `role` ("mentor" or "mentee") in the form `code`, as a filter: FORM_ROLES
    stated as a query, so the people picker offers exactly whom the rules below accept.

    Without a form, a mentor may be anyone and a mentee anyone but an external mentor."""
    if code is None:
        return Q() if role == "mentor" else ~Q(**{f"{prefix}kind": Kind.EXTERNAL})
    mentor_kind, org_kind, mentee_kind = FORM_ROLES[code]
    if role == "mentee":
        return Q(**{f"{prefix}kind": mentee_kind})
    q = Q(**{f"{prefix}kind": mentor_kind})
    if org_kind:
        q &= Q(**{f"{prefix}organization__kind": org_kind})
    return q


def _mentor_role_message(code):
    return {
        Code.STUDENT_STUDENT: _("In the form «student–student» the mentor must be a student."),
        Code.TEACHER_TEACHER: _("In the form «teacher–teacher» the mentor must be a teacher."),
        Code.EMPLOYER_STUDENT: _(
            "In the form «employer–student» the mentor must be an external mentor from an enterprise."
        ),
        Code.UNIVERSITY_STUDENT: _(
            "In the form «university student–student» the mentor must be an external mentor "
            "from an educational institution."
        ),
    }[code]


def _mentee_role_message(code):
    if code == Code.TEACHER_TEACHER:
        return _("In the form «teacher–teacher» every mentee must be a teacher.")
    return _("In this form every mentee must be a student.")


def _period_end(end_date, planned_end_date):
    return end_date or planned_end_date


def _overlaps(q_start, q_end):
    """Mentorships whose [start, end-or-planned-end] overlaps [q_start, q_end] (None = open-ended)."""
    condition = (
        Q(end_date__isnull=True, planned_end_date__isnull=True)
        | Q(end_date__gte=q_start)
        | Q(end_date__isnull=True, planned_end_date__gte=q_start)
    )
    if q_end is not None:
        condition &= Q(start_date__lte=q_end)
    return condition


def mentorship_errors(
    *,
    mentor,
    mentees,
    form,
    role_model=None,
    start_date,
    planned_end_date=None,
    end_date=None,
    status=Mentorship.Status.DRAFT,
    instance=None,
):
    errors = defaultdict(list)
    mentees = list(mentees)
    if mentor is None:
        errors["mentor"].append(_("Choose the mentor."))
    if not mentees:
        errors["mentees"].append(_("Choose at least one mentee."))
    if form is None:
        errors["form"].append(_("Choose the form of mentoring."))
    if start_date is None:
        errors["start_date"].append(_("Enter the start date."))
    if errors:
        return dict(errors)

    if mentor.pk in {m.pk for m in mentees}:
        errors["mentees"].append(_("The mentor cannot be their own mentee."))

    if role_model is not None and role_model.form_id != form.pk:
        errors["role_model"].append(_("This role model belongs to another form of mentoring."))

    mentor_kind, org_kind, mentee_kind = FORM_ROLES[form.code]
    organization = mentor.organization if mentor.kind == Kind.EXTERNAL else None
    if mentor.kind != mentor_kind or (org_kind and (organization is None or organization.kind != org_kind)):
        errors["mentor"].append(_mentor_role_message(form.code))
    if any(m.kind != mentee_kind for m in mentees):
        errors["mentees"].append(_mentee_role_message(form.code))

    if planned_end_date and planned_end_date < start_date:
        errors["planned_end_date"].append(_("The planned end date cannot be before the start date."))
    if end_date and end_date < start_date:
        errors["end_date"].append(_("The end date cannot be before the start date."))

    last_day = _period_end(end_date, planned_end_date)
    for person in [mentor, *mentees]:
        if not joined_by(person, start_date):
            errors["start_date"].append(
                _("%(name)s joined on %(date)s: the mentorship cannot start before that.")
                % {"name": person.full_name, "date": person.date_joined.strftime("%d.%m.%Y")}
            )
        if not stays_through(person, start_date, last_day):
            errors["start_date"].append(
                _("%(name)s left on %(date)s: they cannot take part after that.")
                % {"name": person.full_name, "date": person.date_left.strftime("%d.%m.%Y")}
            )

    if status in (Mentorship.Status.ACTIVE, Mentorship.Status.DRAFT) and not errors:
        _check_mentor_load(errors, mentor, mentees, start_date, last_day, instance)
    if status == Mentorship.Status.ACTIVE and not errors:
        _check_no_duplicate(errors, mentor, mentees, instance)
    return dict(errors)


def _others(queryset, instance):
    return queryset.exclude(pk=instance.pk) if instance is not None and instance.pk else queryset


def joined_by(person, start_date):
    """The person is on the roll by the mentorship's start (no date joined, or joined on or before it)."""
    return not person.date_joined or start_date >= person.date_joined


def stays_through(person, start_date, last_day):
    """The person has not left by the start, nor before the mentorship's last day (when it has one)."""
    return not person.date_left or not (start_date >= person.date_left or (last_day and last_day > person.date_left))


def mentor_limit(mentor):
    """How many mentees the mentor may have at once: their own capacity where set, else MENTOR_MAX_MENTEES."""
    return mentor.capacity or settings.MENTOR_MAX_MENTEES


def busy_mentees(mentor_ids, start_date, last_day, instance=None):
    """{mentor id: {mentee ids}} of the mentors' active mentorships overlapping [start_date, last_day]: the
    load the limit counts. One query for any number of mentors (the matching assistant asks for a pool)."""
    others = _others(
        Mentorship.objects.filter(mentor_id__in=list(mentor_ids), status=Mentorship.Status.ACTIVE).filter(
            _overlaps(start_date, last_day)
        ),
        instance,
    )
    busy = defaultdict(set)
    for mentor_id, mentee_id in others.values_list("mentor_id", "mentees"):
        if mentee_id is not None:
            busy[mentor_id].add(mentee_id)
    return dict(busy)


def active_pairs(mentor_ids):
    """{(mentor id, mentee id)} already together in an active mentorship (no second one is allowed)."""
    rows = Mentorship.mentees.through.objects.filter(
        mentorship__mentor_id__in=list(mentor_ids), mentorship__status=Mentorship.Status.ACTIVE
    ).values_list("mentorship__mentor_id", "person_id")
    return set(rows)


def _check_mentor_load(errors, mentor, mentees, start_date, last_day, instance):
    limit = mentor_limit(mentor)
    busy = busy_mentees([mentor.pk], start_date, last_day, instance).get(mentor.pk, set())
    total = len(busy | {m.pk for m in mentees})
    if total > limit:
        errors["mentees"].append(
            _("%(name)s would have %(total)d mentees at the same time; the limit is %(limit)d.")
            % {"name": mentor.full_name, "total": total, "limit": limit}
        )


def _check_no_duplicate(errors, mentor, mentees, instance):
    duplicate = _others(
        Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE, mentees__in=[m.pk for m in mentees]),
        instance,
    ).exists()
    if duplicate:
        errors["mentees"].append(_("These people already have an active mentorship together."))


def read_only_error(mentorship: Mentorship) -> str | None:
    """A completed, terminated or cancelled mentorship keeps its plans and meetings as they were: only
    feedback is added. The message, or None when the mentorship is open to work."""
    if mentorship.is_read_only:
        return _("The mentorship is %(status)s: its plans and meetings are closed; feedback can still be added.") % {
            "status": mentorship.get_status_display()
        }
    return None


def meeting_errors(
    *, mentorship: Mentorship, day: datetime.date | None, status: str, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """A meeting lies within the mentorship's dates (from its start to its actual end); a held one has
    taken place (today or earlier), a planned one is still to come (today or later)."""
    errors: dict[str, list[str]] = defaultdict(list)
    message = read_only_error(mentorship)
    if message:
        errors["__all__"].append(message)
    if day is None:
        return dict(errors)
    today = today or timezone.localdate()
    # The portal's one date rule (mentorship/dates.py): the range, and for a held meeting not in the future.
    future_message = _("A meeting is logged after it took place: the date is in the future.")
    try:
        validate_date(day, today=today, future_message=future_message if status == Meeting.Status.HELD else None)
    except ValidationError as error:
        errors["date"].extend(error.messages)
        if error.code == "date_out_of_range":
            return dict(errors)
    if day < mentorship.start_date:
        errors["date"].append(
            _("The mentorship started on %(date)s: a meeting cannot be earlier.")
            % {"date": mentorship.start_date.strftime("%d.%m.%Y")}
        )
    if mentorship.end_date and day > mentorship.end_date:
        errors["date"].append(
            _("The mentorship ended on %(date)s: a meeting cannot be later.")
            % {"date": mentorship.end_date.strftime("%d.%m.%Y")}
        )
    if status == Meeting.Status.PLANNED and day < today:
        errors["date"].append(_("A planned meeting is still to come: choose today or a later date."))
    return dict(errors)
