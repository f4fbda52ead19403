"""Every write to the registry goes through here: views, admin, imports, tasks and commands alike."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.events import emit
from config.mail import send_once

from .dates import validate_year
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
from .rules import meeting_errors, mentorship_errors, read_only_error

logger = logging.getLogger(__name__)


class StaleVersionError(ValidationError):
    """Someone saved the record after this edit began; their changes are kept, this edit is refused."""


def _apply(instance: Model, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)


def _save_checked(instance: Model) -> None:
    """Save a validated instance; if a parallel request saved the same unique value (a roster ID, an INN)
    in the meantime, the database refuses the row: validate again, so the user reads the usual Russian
    message instead of a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        instance.full_clean()
        raise


@transaction.atomic
def school_update(*, school: School, data: dict) -> School:
    _apply(school, data)
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def person_save(*, person: Person, data: dict, categories: Iterable[MenteeCategory] | None = None) -> Person:
    """Create (person without pk) or update a student, teacher or external mentor."""
    _apply(person, data)
    person_validate(person=person)
    _save_checked(person)
    if categories is not None:
        person.categories.set(categories)
    return person


PERSON_RULE_FIELDS = ("kind", "grade", "class_letter", "organization_id", "date_joined", "date_left")
# The kinds the rules compare with, read once: an enum member read from its class costs a lookup each time, and
# the roster import applies the rules to every row of 100,000.
_STUDENT, _EXTERNAL = Person.Kind.STUDENT, Person.Kind.EXTERNAL


@transaction.atomic
def person_profile_update(*, person: Person, data: dict) -> Person:
    """A mentor's own matching profile: only these fields, whatever else the data holds."""
    allowed = {"strengths", "interests", "availability", "capacity"}
    person = Person.objects.select_for_update().get(pk=person.pk)
    _apply(person, {k: v for k, v in data.items() if k in allowed})
    person.full_clean()
    person.save(update_fields=sorted(allowed | {"updated_at"}))
    return person


def person_rules(*, values: dict[str, Any]) -> dict[str, str]:
    """The person's own rules (beyond the model's fields) on {attname: value}: the values are normalised in
    place and the first broken rule is returned as {field: message} ({} when none). `person_validate` applies
    them to an instance; the roster import applies them to its rows without building instances."""
    kind = values["kind"]
    if kind != _STUDENT:
        values["grade"], values["class_letter"] = None, ""
    if kind != _EXTERNAL:
        values["organization_id"] = None
    if values["class_letter"]:
        values["class_letter"] = values["class_letter"].strip().upper()
    joined, left = values["date_joined"], values["date_left"]
    if joined and left and left < joined:
        return {"date_left": _("The date left cannot be before the date joined.")}
    if kind == _STUDENT and values["grade"] is None:
        return {"grade": _("Enter the student's grade.")}
    if kind == _EXTERNAL and values["organization_id"] is None:
        return {"organization": _("Choose the external mentor's organisation.")}
    return {}


def person_validate(*, person: Person, validate_unique: bool = True) -> None:
    """The rules of `person_save`, without saving: the roster import's bulk path applies them too.

    With `validate_unique=False` the caller checks the roster ID's uniqueness itself (the import does it
    in memory for the whole file instead of one query per row).
    """
    if person.kind != Person.Kind.EXTERNAL:
        person.organization = None
    if person.kind != Person.Kind.TEACHER:
        person.public_contact = False  # only a teacher (a curator) is listed on the public page
    values = {f: getattr(person, f) for f in PERSON_RULE_FIELDS}
    if values["organization_id"] is None and person.organization is not None:
        values["organization_id"] = person.organization.pk  # an organisation given as an object
    errors = person_rules(values=values)
    for name in ("grade", "class_letter"):
        setattr(person, name, values[name])
    if errors:
        raise ValidationError(errors)
    person.full_clean(validate_unique=validate_unique, validate_constraints=validate_unique)


@transaction.atomic
def person_link_user(*, person: Person, user: User) -> Person:
    """Give a person their portal account (a mentor then sees their own mentorships)."""
    other = Person.objects.filter(user=user).exclude(pk=person.pk).first()
    if other is not None:
        raise ValidationError(
            {"user": _("This portal user is already linked to %(name)s.") % {"name": other.full_name}}
        )
    if person.user_id != user.pk:
        person.user = user
        person.full_clean()
        person.save(update_fields=["user", "updated_at"])
    return person


@transaction.atomic
def mentorships_curator_fill(*, curator: User) -> int:
    """Make `curator` the curator of every mentorship that has none; returns how many changed."""
    return Mentorship.objects.filter(curator__isnull=True).update(curator=curator, updated_at=timezone.now())


@transaction.atomic
def organization_save(*, organization: Organization, data: dict) -> Organization:
    organization_validate(organization=organization, data=data)
    _save_checked(organization)
    return organization


def organization_validate(*, organization: Organization, data: dict) -> None:
    """The rules of `organization_save`, without saving (the roster import's preview writes nothing)."""
    _apply(organization, data)
    organization.full_clean()


def _raise_if_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _ensure_plans(mentorship: Mentorship, mentees: list[Person]) -> None:
    existing = set(mentorship.plans.values_list("mentee_id", flat=True))
    IndividualPlan.objects.bulk_create(
        [IndividualPlan(mentorship=mentorship, mentee=m) for m in mentees if m.pk not in existing]
    )


def _lock_people(*pks: int | None) -> None:
    """Lock the Person rows of a mentorship's mentor and mentees until the transaction ends.

    The rules (the mentor's load, one active pair between the same people) are checked by reading the
    other mentorships; two parallel requests for the same people would both read «all is well» and both
    write. With the rows locked, the second waits until the first has committed and then reads its result.
    Locked in primary-key order, so two requests locking overlapping people cannot deadlock.
    (On SQLite the `IMMEDIATE` transactions of the settings serialise writers instead.)
    """
    ordered = sorted({pk for pk in pks if pk is not None})
    if ordered:
        list(Person.objects.select_for_update().filter(pk__in=ordered).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def mentorship_create(
    *,
    mentor: Person,
    mentees: Iterable[Person],
    form: MentorshipForm,
    role_model: RoleModel | None = None,
    start_date: datetime.date,
    planned_end_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = Mentorship.Status.DRAFT,
    curator: User | None = None,
    request: str = "",
    goal: str = "",
    results: str = "",
    termination_reason: str = "",
    roster_id: str | None = None,
) -> Mentorship:
    mentees = list(mentees)
    _lock_people(getattr(mentor, "pk", None), *(m.pk for m in mentees))
    _raise_if_errors(
        mentorship_errors(
            mentor=mentor,
            mentees=mentees,
            form=form,
            role_model=role_model,
            start_date=start_date,
            planned_end_date=planned_end_date,
            end_date=end_date,
            status=status,
        )
    )
    mentorship = Mentorship(
        mentor=mentor,
        form=form,
        role_model=role_model,
        start_date=start_date,
        planned_end_date=planned_end_date,
        end_date=end_date,
        status=status,
        curator=curator,
        request=request,
        goal=goal,
        results=results,
        termination_reason=termination_reason,
        roster_id=roster_id or None,
    )
    mentorship.full_clean()
    mentorship.save()
    mentorship.mentees.set(mentees)
    _ensure_plans(mentorship, mentees)
    return mentorship


def _bump_version(
    model: type[Mentorship | IndividualPlan], instance: Mentorship | IndividualPlan, expected_version: int
) -> None:
    """Optimistic lock: the row is updated only if nobody saved it since `expected_version` was read."""
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if not updated:
        raise StaleVersionError(
            _("Someone else has changed this record since you opened it. Reload the page and make your changes again.")
        )
    instance.version = expected_version + 1


@transaction.atomic
def mentorship_update(
    *,
    mentorship: Mentorship,
    data: dict,
    mentees: Iterable[Person] | None = None,
    expected_version: int | None = None,
) -> Mentorship:
    mentees = list(mentees) if mentees is not None else list(mentorship.mentees.all())
    previous_mentor_id = mentorship.mentor_id
    _apply(mentorship, data)
    _lock_people(previous_mentor_id, mentorship.mentor_id, *(m.pk for m in mentees))
    _raise_if_errors(
        mentorship_errors(
            mentor=mentorship.mentor,
            mentees=mentees,
            form=mentorship.form,
            role_model=mentorship.role_model,
            start_date=mentorship.start_date,
            planned_end_date=mentorship.planned_end_date,
            end_date=mentorship.end_date,
            status=mentorship.status,
            instance=mentorship,
        )
    )
    if expected_version is not None:
        _bump_version(Mentorship, mentorship, expected_version)
    mentorship.full_clean()
    mentorship.save()
    mentorship.mentees.set(mentees)
    _ensure_plans(mentorship, mentees)
    return mentorship


@transaction.atomic
def mentorship_activate(*, mentorship: Mentorship) -> Mentorship:
    if mentorship.status != Mentorship.Status.DRAFT:
        raise ValidationError(_("Only a draft can be started."))
    return mentorship_update(mentorship=mentorship, data={"status": Mentorship.Status.ACTIVE})


@transaction.atomic
def mentorship_complete(*, mentorship: Mentorship, end_date: datetime.date, results: str = "") -> Mentorship:
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise ValidationError(_("Only an active mentorship can be completed."))
    return mentorship_update(
        mentorship=mentorship,
        data={"status": Mentorship.Status.COMPLETED, "end_date": end_date, "results": results or mentorship.results},
    )


@transaction.atomic
def mentorship_terminate(
    *, mentorship: Mentorship, end_date: datetime.date, reason: str, require_reason: bool = True
) -> Mentorship:
    if mentorship.status not in (Mentorship.Status.ACTIVE, Mentorship.Status.DRAFT):
        raise ValidationError(_("Only an active mentorship or a draft can be terminated."))
    if require_reason and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for terminating the mentorship early.")})
    status = (
        Mentorship.Status.TERMINATED if mentorship.status == Mentorship.Status.ACTIVE else (Mentorship.Status.CANCELLED)
    )
    return mentorship_update(
        mentorship=mentorship, data={"status": status, "end_date": end_date, "termination_reason": reason}
    )


def _refuse_if_read_only(mentorship: Mentorship) -> None:
    message = read_only_error(mentorship)
    if message:
        raise ValidationError(message)


def _lock_mentorship(mentorship: Mentorship) -> Mentorship:
    """Lock the mentorship row and read its status afresh: a write to its plans or meetings waits for a
    completion in progress and is then refused, instead of slipping in beside it."""
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


@transaction.atomic
def plan_update(
    *, plan: IndividualPlan, goal: str, deficits: str, expected_version: int | None = None
) -> IndividualPlan:
    _refuse_if_read_only(_lock_mentorship(plan.mentorship))
    if expected_version is not None:
        _bump_version(IndividualPlan, plan, expected_version)
    plan.goal, plan.deficits = goal, deficits
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_item_save(*, item: PlanItem, data: dict) -> PlanItem:
    _refuse_if_read_only(_lock_mentorship(item.plan.mentorship))
    _apply(item, data)
    if item.pk is None and not item.order:
        item.order = item.plan.items.count() + 1
    item.full_clean()
    item.save()
    return item


def _raise_meeting_errors(mentorship: Mentorship, meeting: Meeting) -> None:
    _raise_if_errors(meeting_errors(mentorship=mentorship, day=meeting.date, status=meeting.status))


@transaction.atomic
def meeting_log(*, mentorship: Mentorship, data: dict, user: User | None = None) -> Meeting:
    """Write down a meeting: held (it took place, today or earlier) or planned (today or later; the mentor
    is reminded by e-mail the day before). Within the mentorship's dates; not in a closed mentorship."""
    locked = _lock_mentorship(mentorship)
    meeting = Meeting(mentorship=locked, created_by=user, **data)
    _raise_meeting_errors(locked, meeting)
    meeting.full_clean()
    meeting.save()
    if meeting.status == Meeting.Status.PLANNED and meeting.date == timezone.localdate() + datetime.timedelta(1):
        # Planned for tomorrow after this morning's reminders went out: its reminder goes now.
        from .tasks import send_meeting_reminder

        meeting_id = meeting.pk
        transaction.on_commit(lambda: send_meeting_reminder.delay(meeting_id))
    emit("meeting_written", mentorship_id=locked.pk)
    return meeting


def _planned_meeting_locked(meeting: Meeting) -> Meeting:
    fresh = Meeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)
    if fresh.status != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting is already %(status)s.") % {"status": fresh.get_status_display()})
    return fresh


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, data: dict) -> Meeting:
    """A planned meeting took place: its date (today or earlier, the day it really was), format, topic
    and notes. Twice (a double click, two tabs) the second is refused: the meeting is already held."""
    fresh = _planned_meeting_locked(meeting)
    _apply(fresh, {**data, "status": Meeting.Status.HELD})
    _raise_meeting_errors(_lock_mentorship(fresh.mentorship), fresh)
    fresh.full_clean()
    fresh.save()
    emit("meeting_written", mentorship_id=fresh.mentorship_id)
    return fresh


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """A planned meeting will not take place: it stays in the journal as cancelled and is not reminded of."""
    fresh = _planned_meeting_locked(meeting)
    _refuse_if_read_only(_lock_mentorship(fresh.mentorship))
    fresh.status = Meeting.Status.CANCELLED
    fresh.full_clean()
    fresh.save(update_fields=["status"])
    return fresh


def meeting_reminders_send(*, today: datetime.date | None = None, meeting_ids: Iterable[int] | None = None) -> int:
    """E-mail each mentor about their meetings planned for tomorrow, once per meeting (`reminder_sent_at`,
    claimed in the transaction that sends: a failed send is retried on the next run, a sent one never again).

    The letter says what the mentor needs and nothing about the children: the date, the topic and a link
    to the pair's page. Returns how many went out.
    """
    today = today or timezone.localdate()
    candidates = (
        Meeting.objects.planned()
        .filter(
            date=today + datetime.timedelta(1),
            reminder_sent_at__isnull=True,
            mentorship__status__in=(Mentorship.Status.DRAFT, Mentorship.Status.ACTIVE),
            mentorship__mentor__user__is_active=True,
        )
        .exclude(mentorship__mentor__user__email="")
    )
    if meeting_ids is not None:
        candidates = candidates.filter(pk__in=list(meeting_ids))
    sent = 0
    for meeting in candidates.select_related("mentorship__mentor__user").order_by("date", "pk"):
        address = meeting.mentorship.mentor.user.email
        url = settings.PORTAL_URL.rstrip("/") + reverse("mentorship:mentorship_detail", args=[meeting.mentorship_id])

        def claim(pk: int = meeting.pk) -> bool:
            claimed = Meeting.objects.filter(pk=pk, status=Meeting.Status.PLANNED, reminder_sent_at__isnull=True)
            return claimed.update(reminder_sent_at=timezone.now()) == 1

        def letter(meeting: Meeting = meeting, url: str = url) -> tuple[str, str]:
            subject = _("Mentoring: a meeting tomorrow, %(date)s") % {"date": meeting.date.strftime("%d.%m.%Y")}
            body = render_to_string("mentorship/email/meeting_reminder.txt", {"meeting": meeting, "url": url})
            return subject, body

        if send_once(claim=claim, letter=letter, recipients=[address]):
            logger.info("Meeting reminder for meeting %s sent", meeting.pk)
            sent += 1
    return sent


@transaction.atomic
def publication_consent_withdraw(*, person: Person) -> Person:
    """The parent no longer allows publication: the child disappears from public pages at once."""
    person.publication_consent = False
    person.publication_consent_date = None
    person.save(update_fields=["publication_consent", "publication_consent_date", "updated_at"])
    return person


def _best_mentor_errors(award: BestMentor) -> dict[str, list[str]]:
    """A best mentor of a year mentored in that year: a teacher, an external mentor or a student who mentors."""
    errors: dict[str, list[str]] = {}
    try:
        validate_year(award.year)
    except ValidationError as error:
        return {"year": error.messages}
    if award.person_id is None:
        return errors
    year_start, year_end = datetime.date(award.year, 1, 1), datetime.date(award.year, 12, 31)
    if not Mentorship.objects.counted_in(year_start, year_end).filter(mentor_id=award.person_id).exists():
        errors["person"] = [
            _("%(name)s was not a mentor in %(year)d: the best mentor of a year is chosen among that year's mentors.")
            % {"name": award.person.full_name, "year": award.year}
        ]
    duplicate = BestMentor.objects.filter(person_id=award.person_id, year=award.year).exclude(pk=award.pk)
    if duplicate.exists():
        errors.setdefault("person", []).append(
            _("%(name)s is already marked the best mentor of %(year)d.")
            % {"name": award.person.full_name, "year": award.year}
        )
    return errors


@transaction.atomic
def best_mentor_save(*, award: BestMentor, data: dict) -> BestMentor:
    """Mark a mentor best of the year (or correct the mark): one mark per person and year, among the
    year's mentors. The portal's page and the admin both write here."""
    _apply(award, data)
    _raise_if_errors(_best_mentor_errors(award))
    award.full_clean()
    try:
        _save_checked(award)
    except ValidationError:
        # A parallel request marked the same person for the same year first (the unique constraint).
        _raise_if_errors(_best_mentor_errors(award))
        raise
    return award


@transaction.atomic
def best_mentor_unmark(*, award: BestMentor) -> None:
    """Take the mark back (a mistake, a changed decision); the journal of changes keeps the record of it."""
    award.delete()
