"""Writes of the campaigns: create, start (one invitation per participant), issue links, send the letters and
reminders once, print the sheets of QR codes, close on the closing date; answers through a link or in the
portal go to `services.response_submit`, the one way an answer is stored.

A link's token exists only in the letter or on the sheet it was made for: the invitation keeps its digest.
So a link is issued when its letter is sent (`invitations_send`, a reminder) or its sheet printed, and a
newer letter or sheet replaces the older link.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import segno
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config import events
from config.mail import send_once
from mentorship.dates import next_monitoring_date, validate_date_in_range
from mentorship.models import Mentorship, Person

from . import links
from .campaign_selectors import campaign_expires_at, needs_consent, partner_first_name
from .models import Campaign, Invitation, Purpose, Questionnaire, Response, Role
from .services import response_submit


def campaign_default_title(*, today: datetime.date | None = None) -> str:
    """«Мониторинг 20.12.2026»: the next monitoring date."""
    day = next_monitoring_date(today or timezone.localdate())
    return _("Monitoring %(date)s") % {"date": f"{day:%d.%m.%Y}"}


@transaction.atomic
def campaign_create(
    *,
    purpose: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    title: str = "",
    monitoring_date: datetime.date | None = None,
    remind_days_before: int | None = None,
    created_by: User | None = None,
    today: datetime.date | None = None,
) -> Campaign:
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    for name, day in (("opens_on", opens_on), ("closes_on", closes_on)):
        try:
            validate_date_in_range(day)
        except ValidationError as error:
            errors[name] = error.messages[0]
    if not errors and closes_on < opens_on:
        errors["closes_on"] = _("The campaign cannot close before it opens.")
    elif not errors and closes_on < today:
        errors["closes_on"] = _("The closing date has already passed.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        title=title.strip() or campaign_default_title(today=today),
        purpose=purpose,
        monitoring_date=monitoring_date or next_monitoring_date(today),
        opens_on=opens_on,
        closes_on=closes_on,
        remind_days_before=remind_days_before,
        created_by=created_by,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@dataclass
class StartResult:
    invited: int = 0
    without_consent: int = 0
    without_questionnaire: list[str] = field(default_factory=list)


def _questionnaire_finder(purpose: str) -> Callable[[str, int], Questionnaire | None]:
    """(role, form id) → the active questionnaire: the form's own first, else the one for every form. A
    satisfaction round also asks the pair's curator the curator's questionnaire."""
    purposes = [purpose] + ([Purpose.CURATOR] if purpose == Purpose.SATISFACTION else [])
    found: dict[tuple[str, int | None], Questionnaire] = {}
    for questionnaire in Questionnaire.objects.filter(is_active=True, purpose__in=purposes).order_by("pk"):
        found.setdefault((questionnaire.role, questionnaire.form_id), questionnaire)

    def find(role: str, form_id: int) -> Questionnaire | None:
        return found.get((role, form_id)) or found.get((role, None))

    return find


@transaction.atomic
def campaign_start(*, campaign: Campaign, mentorships: Iterable[Mentorship]) -> StartResult:
    """Invite every participant of the chosen pairs: the mentor, each mentee (a student only with a recorded
    consent to processing) and the pair's curator when there is a curator's questionnaire. Starting again —
    a double click, two curators at once, pairs added later — invites only who is not invited yet (the
    campaign row is locked; the unique constraints hold the rest). The letters go on commit."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    pairs = list(
        Mentorship.objects.filter(pk__in=[m.pk for m in mentorships])
        .select_related("mentor", "form", "curator")
        .prefetch_related("mentees")
    )
    if not pairs:
        raise ValidationError(_("Choose at least one mentorship."))
    campaign.mentorships.add(*pairs)
    find = _questionnaire_finder(campaign.purpose)
    expires_at = campaign_expires_at(campaign=campaign)
    existing: set[tuple[int, int | None, int | None]] = {
        (mentorship_id, person_id, user_id)
        for mentorship_id, person_id, user_id in Invitation.objects.filter(campaign=campaign).values_list(
            "mentorship_id", "person_id", "user_id"
        )
    }
    result = StartResult()
    missing: set[str] = set()
    new: list[Invitation] = []
    for pair in pairs:
        wanted: list[tuple[str, Person | None, User | None]] = [(Role.MENTOR, pair.mentor, None)]
        for mentee in pair.mentees.all():
            if needs_consent(mentee):
                result.without_consent += 1
                continue
            wanted.append((Role.MENTEE, mentee, None))
        if pair.curator is not None:
            wanted.append((Role.CURATOR, None, pair.curator))
        for role, person, user in wanted:
            questionnaire = find(role, pair.form_id)
            if questionnaire is None:
                if role != Role.CURATOR:
                    missing.add(f"{pair.form.name}: {Role(role).label}")
                continue
            key = (pair.pk, person.pk if person else None, None if person else user.pk if user else None)
            if key in existing:
                continue
            existing.add(key)
            new.append(
                Invitation(
                    campaign=campaign,
                    mentorship=pair,
                    person=person,
                    user=user,
                    role=role,
                    questionnaire=questionnaire,
                    token_digest=links.unused_digest(),
                    expires_at=expires_at,
                )
            )
    for invitation in new:
        invitation.full_clean(exclude=["token_digest"], validate_constraints=False)
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    result.invited = len(new)
    result.without_questionnaire = sorted(missing)
    if campaign.status == Campaign.Status.DRAFT:
        campaign.status = Campaign.Status.OPEN
        campaign.save(update_fields=["status"])
    campaign_id = campaign.pk
    transaction.on_commit(lambda: _enqueue_letters(campaign_id))
    return result


def _enqueue_letters(campaign_id: int) -> None:
    from .tasks import send_campaign_invitations

    send_campaign_invitations.delay(campaign_id)


def recipient_of(invitation: Invitation) -> str:
    if invitation.person is not None:
        return invitation.person.email
    return invitation.user.email if invitation.user is not None else ""


def _letter(invitation: Invitation, token: str, *, reminder: bool) -> tuple[str, str]:
    campaign = invitation.campaign
    partner = partner_first_name(invitation)
    if reminder:
        subject = _("Reminder: the questionnaire «%(title)s» is waiting for your answer") % {"title": campaign.title}
    else:
        subject = _("Questionnaire «%(title)s»") % {"title": campaign.title}
    lines = [
        _("Hello!"),
        "",
        _("The school's mentoring programme asks you to answer a short questionnaire: «%(q)s».")
        % {"q": invitation.questionnaire.title},
    ]
    if partner:
        if invitation.role == Role.MENTEE:
            lines.append(_("Your mentor: %(name)s.") % {"name": partner})
        else:
            lines.append(_("Your mentee: %(name)s.") % {"name": partner})
    lines += [
        _("It takes a few minutes and works on a phone. The link is personal and works once:"),
        links.link_url(token),
        "",
        _("The link works until %(date)s inclusive.") % {"date": f"{campaign.closes_on:%d.%m.%Y}"},
    ]
    if reminder:
        lines.append(_("The link of the earlier letter no longer works: use this one."))
    lines += ["", _("Thank you!")]
    return subject, "\n".join(lines)


def _open_unanswered(campaign_id: int) -> Any:
    return Invitation.objects.filter(
        campaign_id=campaign_id,
        campaign__status=Campaign.Status.OPEN,
        answered_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("campaign", "questionnaire", "person", "user", "mentorship__mentor")


def _send(invitation: Invitation, *, reminder: bool, now: datetime.datetime) -> bool:
    recipient = recipient_of(invitation)
    token, token_digest = links.new_token()
    if reminder:
        start_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
        claimable = Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_day)
        changes: dict[str, Any] = {"reminded_at": now}
    else:
        claimable = Q(sent_at__isnull=True)
        changes = {"sent_at": now}

    def claim() -> bool:
        # The letter and the link's digest are one write: a failed send leaves the earlier link working.
        rows = Invitation.objects.filter(claimable, pk=invitation.pk, answered_at__isnull=True)
        return rows.update(token_digest=token_digest, **changes) == 1

    return send_once(claim=claim, letter=lambda: _letter(invitation, token, reminder=reminder), recipients=[recipient])


def invitations_send(*, campaign_id: int, now: datetime.datetime | None = None) -> int:
    """The first letter to every invited participant with an e-mail, once each; returns how many went."""
    now = now or timezone.now()
    sent = 0
    for invitation in _open_unanswered(campaign_id).filter(sent_at__isnull=True):
        if recipient_of(invitation):
            sent += _send(invitation, reminder=False, now=now)
    return sent


def campaign_remind(*, campaign: Campaign, now: datetime.datetime | None = None) -> int:
    """A reminder with a fresh link to each participant who has not answered and has an e-mail — never
    twice on one day; returns how many went."""
    now = now or timezone.now()
    sent = 0
    for invitation in _open_unanswered(campaign.pk):
        if recipient_of(invitation):
            sent += _send(invitation, reminder=True, now=now)
    return sent


@transaction.atomic
def campaigns_close_due(*, today: datetime.date | None = None) -> int:
    """Close every open campaign whose closing date has passed (its links stop working); idempotent."""
    today = today or timezone.localdate()
    due = list(
        Campaign.objects.select_for_update()
        .filter(status=Campaign.Status.OPEN, closes_on__lt=today)
        .values_list("pk", "created_by_id")
    )
    Campaign.objects.filter(pk__in=[pk for pk, _author in due]).update(status=Campaign.Status.CLOSED)
    for pk, author in due:
        _results_are_in(pk, author)
    return len(due)


def _results_are_in(campaign_id: int, author_id: int | None) -> None:
    """A closed campaign's results are in: the notifications tell its author (config/events.py, after commit)."""
    events.emit("campaign_results", campaign_id=campaign_id, user_id=author_id)


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.CLOSED:
        return campaign
    campaign.status = Campaign.Status.CLOSED
    campaign.full_clean()
    campaign.save(update_fields=["status"])
    _results_are_in(campaign.pk, campaign.created_by_id)
    return campaign


def campaigns_daily(*, today: datetime.date | None = None) -> dict[str, int]:
    """The beat's daily run: close the campaigns past their date, then the automatic reminders due today."""
    today = today or timezone.localdate()
    closed = campaigns_close_due(today=today)
    reminded = 0
    for campaign in Campaign.objects.filter(
        status=Campaign.Status.OPEN, remind_days_before__isnull=False, closes_on__gte=today
    ):
        if (campaign.closes_on - today).days == campaign.remind_days_before:
            reminded += campaign_remind(campaign=campaign)
    return {"closed": closed, "reminded": reminded}


@dataclass
class Slip:
    first_name: str
    class_name: str
    url: str
    qr_svg: str


@dataclass
class ClassSheet:
    class_name: str
    slips: list[Slip]


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=False)


@transaction.atomic
def sheets_issue(*, campaign: Campaign, class_name: str = "") -> list[ClassSheet]:
    """The printable sheets: one slip per student mentee without an e-mail who has not answered (first name,
    class, a QR code and the link), grouped by class. Printing issues the slips' links anew: an earlier
    printout of the same students stops working."""
    from .campaign_selectors import split_class

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Sheets are printed only for an open campaign."))
    rows = (
        _open_unanswered(campaign.pk)
        .filter(role=Role.MENTEE, person__kind=Person.Kind.STUDENT, person__email="")
        .order_by("person__grade", "person__class_letter", "person__first_name", "pk")
    )
    grade, letter = split_class(class_name)
    if grade:
        rows = rows.filter(person__grade=grade, person__class_letter__iexact=letter)
    sheets: dict[str, ClassSheet] = {}
    now = timezone.now()
    for invitation in rows:
        token, token_digest = links.new_token()
        Invitation.objects.filter(pk=invitation.pk).update(token_digest=token_digest, sent_at=now)
        url = links.link_url(token)
        person = invitation.person
        assert person is not None
        sheet = sheets.setdefault(person.class_name, ClassSheet(class_name=person.class_name, slips=[]))
        sheet.slips.append(
            Slip(first_name=person.first_name, class_name=person.class_name, url=url, qr_svg=_qr_svg(url))
        )
    return list(sheets.values())


def answer_through_link(*, invitation: Invitation, answers: Mapping[str, Any]) -> Response:
    return response_submit(
        questionnaire=invitation.questionnaire,
        role=invitation.role,
        answers=answers,
        channel=Response.Channel.LINK,
        person=invitation.person,
        mentorship=invitation.mentorship,
        campaign=invitation.campaign,
        invitation=invitation,
    )


def answer_in_portal(*, invitation: Invitation, answers: Mapping[str, Any], user: User) -> Response:
    return response_submit(
        questionnaire=invitation.questionnaire,
        role=invitation.role,
        answers=answers,
        channel=Response.Channel.PORTAL,
        person=invitation.person,
        mentorship=invitation.mentorship,
        campaign=invitation.campaign,
        invitation=invitation,
        entered_by=user,
    )
