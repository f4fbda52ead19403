"""The hub's writes (docs/hub.md): organisations, the school portals' keys, campaigns and the reception
of the schools' reports. The pages, the admin, the commands and the signed endpoint all call these.

A report is idempotent per school and monitoring date: the same document again (or one that differs only
in `generated_at`: the same report rebuilt, the same template uploaded twice) changes nothing
(«unchanged»), a different one replaces it and counts a revision («replaced»). Two pushes of one report at
once create exactly one row: the existing row is locked (select_for_update); when there is none yet,
the insert runs in a savepoint and the loser of the race meets the unique constraint, rolls back to the
savepoint and continues with the winner's row.

Late marking: `late` says whether the document the hub holds was received after the campaign's deadline
(the received day in Europe/Kirov). The same document sent again after the deadline changes nothing, so a
report sent on time stays on time; a corrected document received after the deadline makes it late, and
it stays late (a later correction cannot arrive earlier).
"""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.document import digest, validate_document
from mentorship.dates import is_monitoring_date

from .figures import indicator_rows
from .keys import key_id_new, secret_for
from .models import Campaign, Member, Organisation, Report, ReportIndicator, SchoolKey

logger = logging.getLogger(__name__)

CREATED = "created"
UNCHANGED = "unchanged"
REPLACED = "replaced"

# The codes of the ValidationErrors `report_receive` raises (the reception maps them to HTTP statuses).
INVALID = "invalid"
WRONG_SCHOOL = "wrong_school"
NOT_A_MONITORING_DATE = "not_monitoring_date"
NOT_OPEN = "not_open"
CLOSED = "closed"

_PARENT_KIND: dict[str, str | None] = {
    Organisation.Kind.REGION: None,
    Organisation.Kind.MUNICIPALITY: Organisation.Kind.REGION,
    Organisation.Kind.SCHOOL: Organisation.Kind.MUNICIPALITY,
}


# Organisations --------------------------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *,
    kind: str,
    code: str,
    name: str,
    parent: Organisation | None = None,
    short_name: str = "",
    has_portal: bool = True,
    organisation: Organisation | None = None,
) -> Organisation:
    """Create (or, given `organisation`, change) a region, a municipality or a school.

    A region has no parent, a municipality's parent is a region, a school's a municipality."""
    organisation = organisation or Organisation()
    organisation.kind = kind
    organisation.code = (code or "").strip()
    organisation.name = (name or "").strip()
    organisation.short_name = (short_name or "").strip()
    organisation.parent = parent
    organisation.has_portal = has_portal if kind == Organisation.Kind.SCHOOL else False
    expected = _PARENT_KIND.get(kind)
    if kind == Organisation.Kind.REGION and parent is not None:
        raise ValidationError({"parent": _("A region is part of nothing.")})
    if kind == Organisation.Kind.MUNICIPALITY and (parent is None or parent.kind != expected):
        raise ValidationError({"parent": _("A municipality must be part of a region.")})
    if kind == Organisation.Kind.SCHOOL and (parent is None or parent.kind != expected):
        raise ValidationError({"parent": _("A school must be part of a municipality.")})
    if organisation.pk and parent is not None and parent.pk == organisation.pk:
        raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
    organisation.full_clean()
    organisation.save()
    return organisation


# Keys -----------------------------------------------------------------------------------------------------


@transaction.atomic
def school_key_issue(*, organisation: Organisation) -> tuple[SchoolKey, str]:
    """A new key for the school's portal and its secret (shown once; never stored)."""
    if organisation.kind != Organisation.Kind.SCHOOL:
        raise ValidationError(_("Keys are issued to schools only."))
    key = SchoolKey(organisation=organisation, key_id=key_id_new())
    key.full_clean()
    key.save()
    logger.info("hub key issued: school=%s key=%s", organisation.code, key.key_id)
    return key, secret_for(key.key_id)


@transaction.atomic
def school_key_revoke(*, key: SchoolKey) -> SchoolKey:
    """The key no longer signs anything (already revoked: nothing changes)."""
    key = SchoolKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        logger.info("hub key revoked: key=%s", key.key_id)
    return key


def school_key_touch(*, key: SchoolKey) -> None:
    """Record that the key signed a request just now (one UPDATE, no lock)."""
    SchoolKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())


# Campaigns ------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(
    *,
    monitoring_date: datetime.date,
    opens_on: datetime.date,
    deadline: datetime.date,
    closes_on: datetime.date,
    title: str = "",
    campaign: Campaign | None = None,
) -> Campaign:
    """Create (or, given `campaign`, change) the collection of a monitoring date's reports."""
    errors: dict[str, list[str]] = {}
    if monitoring_date and not is_monitoring_date(monitoring_date):
        errors.setdefault("monitoring_date", []).append(_("A monitoring date is 20 June or 20 December."))
    if opens_on and deadline and opens_on > deadline:
        errors.setdefault("deadline", []).append(_("The deadline cannot come before the collection opens."))
    if deadline and closes_on and deadline > closes_on:
        errors.setdefault("closes_on", []).append(_("The collection cannot close before the deadline."))
    if errors:
        raise ValidationError(errors)
    campaign = campaign or Campaign()
    campaign.monitoring_date = monitoring_date
    campaign.opens_on = opens_on
    campaign.deadline = deadline
    campaign.closes_on = closes_on
    campaign.title = (title or "").strip()
    campaign.full_clean()
    campaign.save()
    return campaign


# Reception ------------------------------------------------------------------------------------------------


def received_day(received_at: datetime.datetime) -> datetime.date:
    """The day a report was received, in the portal's time zone (Europe/Kirov)."""
    return timezone.localdate(received_at)


def _checked_date(document: dict[str, Any]) -> datetime.date:
    date = datetime.date.fromisoformat(document["monitoring_date"])
    if not is_monitoring_date(date):
        raise ValidationError(
            _("%(date)s is not a monitoring date (20 June or 20 December).") % {"date": f"{date:%d.%m.%Y}"},
            code=NOT_A_MONITORING_DATE,
        )
    return date


def _checked_campaign(date: datetime.date, day: datetime.date) -> Campaign | None:
    campaign = Campaign.objects.filter(monitoring_date=date).first()
    if campaign is None:
        return None
    if day < campaign.opens_on:
        raise ValidationError(
            _("The collection is not open yet: it opens on %(date)s.") % {"date": f"{campaign.opens_on:%d.%m.%Y}"},
            code=NOT_OPEN,
        )
    if day > campaign.closes_on:
        raise ValidationError(
            _("The collection is closed: it closed on %(date)s.") % {"date": f"{campaign.closes_on:%d.%m.%Y}"},
            code=CLOSED,
        )
    return campaign


def _same_report(held: dict[str, Any], received: dict[str, Any]) -> bool:
    """The same report whenever it was generated: only `generated_at` differs (a rebuilt report, the same
    template uploaded again)."""
    return {k: v for k, v in held.items() if k != "generated_at"} == {
        k: v for k, v in received.items() if k != "generated_at"
    }


def _write_indicators(report: Report, school: Organisation, document: dict[str, Any]) -> None:
    ReportIndicator.objects.filter(report=report).delete()
    ReportIndicator.objects.bulk_create(indicator_rows(report=report, school=school, document=document))


@transaction.atomic
def report_receive(
    *,
    school: Organisation,
    document: dict[str, Any],
    source: str = Report.Source.PUSH,
    received_at: datetime.datetime | None = None,
) -> tuple[Report, str]:
    """Store the school's report of its monitoring date; returns the report and CREATED, UNCHANGED or
    REPLACED. Raises ValidationError (codes above, Russian messages) and stores nothing when the document
    is not a valid report of this school, its date is not a monitoring date or the campaign is not open."""
    errors = validate_document(document)
    if errors:
        raise ValidationError(errors, code=INVALID)
    school = Organisation.objects.select_related("parent__parent").get(pk=school.pk)
    if school.kind != Organisation.Kind.SCHOOL or document["school"]["code"] != school.code:
        raise ValidationError(_("The report is of another school."), code=WRONG_SCHOOL)
    date = _checked_date(document)
    received_at = received_at or timezone.now()
    day = received_day(received_at)
    campaign = _checked_campaign(date, day)
    late = campaign is not None and day > campaign.deadline
    document_digest = digest(document)

    existing = Report.objects.select_for_update().filter(organisation=school, monitoring_date=date).first()
    if existing is None:
        report = Report(
            organisation=school,
            monitoring_date=date,
            campaign=campaign,
            version=document["version"],
            document=document,
            digest=document_digest,
            source=source,
            received_at=received_at,
            late=late,
        )
        # The one-per-school-and-date constraint is the database's: a parallel push meets it on insert.
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            existing = Report.objects.select_for_update().get(organisation=school, monitoring_date=date)
        else:
            _write_indicators(report, school, document)
            logger.info("hub report: school=%s date=%s outcome=%s late=%s", school.code, date, CREATED, late)
            return report, CREATED

    if existing.digest == document_digest or _same_report(existing.document, document):
        logger.info("hub report: school=%s date=%s outcome=%s", school.code, date, UNCHANGED)
        return existing, UNCHANGED
    existing.document = document
    existing.digest = document_digest
    existing.version = document["version"]
    existing.source = source
    existing.campaign = campaign
    existing.received_at = received_at
    existing.late = existing.late or late
    existing.revision += 1
    existing.full_clean(validate_constraints=False)
    existing.save()
    _write_indicators(existing, school, document)
    logger.info(
        "hub report: school=%s date=%s outcome=%s revision=%s late=%s",
        school.code,
        date,
        REPLACED,
        existing.revision,
        existing.late,
    )
    return existing, REPLACED


# The hub's users ------------------------------------------------------------------------------------------


@transaction.atomic
def member_save(*, user, organisation: Organisation, member: Member | None = None) -> Member:
    """Link a hub user to the organisation whose reports they see (one organisation per user)."""
    member = member or Member.objects.filter(user=user).first() or Member(user=user)
    member.user = user
    member.organisation = organisation
    member.full_clean(validate_unique=member.pk is not None)
    member.save()
    return member
