"""Every write to the applications to join: the public forms, the curators' queue, the tasks and the admin."""

import datetime
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.mail import send_once
from mentorship.dates import full_years
from mentorship.models import Organization, Person
from mentorship.selectors import school_get
from mentorship.services import person_save

from .models import Application

# A student becomes a mentor at 15–18 (the roadmap's indicator 2 counts students of these ages).
MENTOR_STUDENT_MIN_AGE = 15
MENTOR_STUDENT_MAX_AGE = 18
# The matching fields an accepted application brings to the registry person.
MATCHING_FIELDS = ("request", "strengths", "interests", "availability")


class AlreadyDecided(ValidationError):
    """The application was accepted or declined meanwhile (a double click, a second curator)."""


def application_rules(*, application: Application, today: datetime.date) -> dict[str, str]:
    """The application's own rules beyond its fields: {field: message} of the broken ones."""
    a = application
    errors: dict[str, str] = {}
    allowed = (
        (Person.Kind.STUDENT, Person.Kind.TEACHER)
        if a.wish == Application.Wish.MENTEE
        else (Person.Kind.STUDENT, Person.Kind.TEACHER, Person.Kind.EXTERNAL)
    )
    if a.kind not in allowed:
        errors["kind"] = _("Choose who applies.")
        return errors
    if a.birth_date and a.birth_date > today:
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if a.kind == Person.Kind.STUDENT:
        if a.birth_date is None:
            errors["birth_date"] = _("Enter the date of birth.")
        if a.grade is None:
            errors["grade"] = _("Enter the student's grade.")
        if not a.parent_name:
            errors["parent_name"] = _("Enter the parent's full name.")
        if not a.parent_contact:
            errors["parent_contact"] = _("Enter the parent's phone or e-mail.")
        if not a.parent_consent:
            errors["parent_consent"] = _("An application of a student needs the parent's consent.")
        if a.wish == Application.Wish.MENTOR and a.birth_date and "birth_date" not in errors:
            age = full_years(a.birth_date, today)
            if not MENTOR_STUDENT_MIN_AGE <= age <= MENTOR_STUDENT_MAX_AGE:
                errors["birth_date"] = _("A student can become a mentor at 15–18 years of age.")
    if a.kind == Person.Kind.EXTERNAL and not a.organization_name:
        errors["organization_name"] = _("Enter the organisation you work at.")
    if a.kind != Person.Kind.STUDENT:
        a.grade, a.class_letter = None, ""
        a.parent_name, a.parent_contact, a.parent_consent = "", "", False
    if a.kind != Person.Kind.EXTERNAL:
        a.organization_name = ""
    if a.class_letter:
        a.class_letter = a.class_letter.strip().upper()
    return errors


@transaction.atomic
def application_submit(*, data: dict[str, Any]) -> Application:
    """Store a visitor's application as new; the confirmation letter (if an e-mail is given) goes on commit."""
    application = Application(**data)
    errors = application_rules(application=application, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    application.full_clean()
    application.save()
    if application.email:
        transaction.on_commit(partial(_enqueue, "application_confirm", application.pk))
    return application


def _enqueue(task_name: str, application_id: int) -> None:
    from . import tasks

    getattr(tasks, task_name).delay(application_id)


def _locked_new(application_id: int) -> Application:
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status != Application.Status.NEW:
        raise AlreadyDecided(_("This application has already been decided."))
    return application


def _person_data(application: Application, organization: Organization | None) -> dict[str, Any]:
    a = application
    data: dict[str, Any] = {
        "kind": a.kind,
        "last_name": a.last_name,
        "first_name": a.first_name,
        "patronymic": a.patronymic,
        "birth_date": a.birth_date,
        "email": a.email,
        "phone": a.phone,
        **{name: getattr(a, name) for name in MATCHING_FIELDS},
    }
    if a.kind == Person.Kind.STUDENT:
        data.update(grade=a.grade, class_letter=a.class_letter, pd_consent_date=timezone.localdate())
    else:
        data["position"] = a.position
    if a.kind == Person.Kind.EXTERNAL:
        data["organization"] = organization
    return data


@transaction.atomic
def application_accept(
    *,
    application_id: int,
    user: User,
    person: Person | None = None,
    organization: Organization | None = None,
    consent_confirmed: bool = False,
) -> Application:
    """Accept a new application: create the registry person through the registry's rules, or link the
    application to `person` (filling only the matching fields the person has empty). Exactly one person
    per application, however many requests arrive at once: the application's row is locked first."""
    application = _locked_new(application_id)
    if application.kind == Person.Kind.STUDENT and not consent_confirmed:
        raise ValidationError({"consent_confirmed": _("Confirm that the parent's signed consent has been received.")})
    if person is None:
        if application.kind == Person.Kind.EXTERNAL and organization is None:
            raise ValidationError({"organization": _("Choose the external mentor's organisation.")})
        person = person_save(person=Person(), data=_person_data(application, organization))
    else:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.purged_at is not None or person.kind != application.kind:
            raise ValidationError({"person": _("This person cannot be linked to the application.")})
        fill = {name: getattr(application, name) for name in MATCHING_FIELDS if not getattr(person, name)}
        if application.kind == Person.Kind.STUDENT and person.pd_consent_date is None:
            fill["pd_consent_date"] = timezone.localdate()
        if fill:
            person_save(person=person, data=fill)
    now = timezone.now()
    application.status = Application.Status.ACCEPTED
    application.person = person
    application.organization = organization if application.kind == Person.Kind.EXTERNAL else None
    application.consent_confirmed_at = now if application.kind == Person.Kind.STUDENT else None
    application.decided_by = user
    application.decided_at = now
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_decline(*, application_id: int, user: User, reason: str) -> Application:
    """Decline a new application with a reason; the answer goes by e-mail on commit (if one was given)."""
    application = _locked_new(application_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is written to the applicant.")})
    application.status = Application.Status.DECLINED
    application.decline_reason = reason
    application.decided_by = user
    application.decided_at = timezone.now()
    application.full_clean()
    application.save()
    if application.email:
        transaction.on_commit(partial(_enqueue, "application_answer", application.pk))
    return application


def _claim(application_id: int, field: str, **conditions: Any) -> bool:
    return bool(
        Application.objects.filter(pk=application_id, **{f"{field}__isnull": True}, **conditions).update(
            **{field: timezone.now()}
        )
    )


def application_confirmation_send(*, application_id: int) -> bool:
    """The letter «your application is received», once. It names no one and repeats nothing of the form."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None or not application.email:
        return False

    def letter() -> tuple[str, str]:
        subject = _("Your application to the mentoring programme is received")
        body = _(
            "Hello!\n\nYour application to the school's mentoring programme is received. "
            "The curator will look at it and answer you.\n\n%(school)s"
        ) % {"school": _school_name()}
        return subject, body

    return send_once(
        claim=lambda: _claim(application_id, "confirmation_sent_at"), letter=letter, recipients=[application.email]
    )


def application_answer_send(*, application_id: int) -> bool:
    """The answer to a declined application, with the curator's reason, once."""
    application = Application.objects.filter(pk=application_id, status=Application.Status.DECLINED).first()
    if application is None or not application.email:
        return False

    def letter() -> tuple[str, str]:
        subject = _("Your application to the mentoring programme")
        body = _(
            "Hello!\n\nThank you for your application to the school's mentoring programme. "
            "Unfortunately we cannot accept it now.\n\nThe curator's answer: %(reason)s\n\n%(school)s"
        ) % {"reason": application.decline_reason, "school": _school_name()}
        return subject, body

    return send_once(
        claim=lambda: _claim(application_id, "answer_sent_at", status=Application.Status.DECLINED),
        letter=letter,
        recipients=[application.email],
    )


def _school_name() -> str:
    school = school_get()
    return school.short_name if school else ""


@transaction.atomic
def applications_prune(*, today: datetime.date | None = None) -> int:
    """Delete the declined applications decided more than `JOIN_DECLINED_KEEP_MONTHS` months ago."""
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=settings.JOIN_DECLINED_KEEP_MONTHS)
    old = Application.objects.filter(status=Application.Status.DECLINED, decided_at__date__lt=cutoff)
    deleted, _rows = old.delete()
    return deleted
