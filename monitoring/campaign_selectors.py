"""Reads of the campaigns: the pairs a campaign may take, an invitation behind a link or in the portal,
response rates, and who was left out for want of a consent."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorship.models import Mentorship, Person

from . import links
from .models import Campaign, Invitation


def campaign_pairs(
    *, form_id: int | None = None, class_name: str = "", status: str = Mentorship.Status.ACTIVE
) -> QuerySet[Mentorship]:
    """The pairs and groups a campaign can be started for: by form, by a mentee's class («7Б»), by status
    (empty: every status but draft and cancelled)."""
    pairs = Mentorship.objects.all()
    if status:
        pairs = pairs.filter(status=status)
    else:
        pairs = pairs.exclude(status__in=[Mentorship.Status.DRAFT, Mentorship.Status.CANCELLED])
    if form_id:
        pairs = pairs.filter(form_id=form_id)
    grade, letter = split_class(class_name)
    if grade:
        pairs = pairs.filter(mentees__grade=grade, mentees__class_letter__iexact=letter)
    return pairs.distinct().order_by("pk")


def split_class(class_name: str) -> tuple[int | None, str]:
    """«7Б» → (7, "Б"); anything else → (None, "")."""
    text = class_name.strip().replace(" ", "")
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or not text.startswith(digits):
        return None, ""
    grade = int(digits)
    return (grade, text[len(digits) :].upper()) if 1 <= grade <= 11 else (None, "")


MANAGE = "monitoring.manage_questionnaires"
# The director reads the campaigns' rates with the dashboard's permission (read-only).
READ = "indicators.view_indicator"


def may_read_campaigns(user: User) -> bool:
    return user.has_perm(MANAGE) or user.has_perm(READ)


def campaigns_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def campaign_get(*, pk: int) -> Campaign:
    try:
        return Campaign.objects.get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def campaign_expires_at(*, campaign: Campaign) -> datetime.datetime:
    """Links work to the end of the closing day, Europe/Kirov."""
    day_after = campaign.closes_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))


def without_consent(*, mentorships: Iterable[Mentorship]) -> list[Person]:
    """Students among the mentees with no recorded consent to processing: they get no invitation."""
    return list(
        Person.objects.filter(
            kind=Person.Kind.STUDENT, pd_consent_date__isnull=True, mentorships_as_mentee__in=list(mentorships)
        ).distinct()
    )


def needs_consent(person: Person) -> bool:
    return person.kind == Person.Kind.STUDENT and person.pd_consent_date is None


LINK_FIELDS = (
    "campaign__status",
    "campaign__closes_on",
    "questionnaire__title",
    "questionnaire__intro",
    "mentorship__mentor__first_name",
    "person_id",
    "user_id",
    "role",
    "expires_at",
    "answered_at",
)


class LinkState(Enum):
    OK = "ok"
    TAMPERED = "tampered"  # 400
    UNKNOWN = "unknown"  # 404
    EXPIRED = "expired"  # 410
    USED = "used"  # 410


def invitation_by_token(*, token: str, now: datetime.datetime | None = None) -> tuple[LinkState, Invitation | None]:
    """The invitation a link opens, and whether it may be answered now."""
    try:
        token_digest = links.digest_of(token)
    except links.TamperedToken:
        return LinkState.TAMPERED, None
    # By the unique digest alone, no ordering (the model's ordering would join three tables), and only the
    # columns the answer page uses: compiling a query of every column of five tables costs more than running it.
    found = list(
        Invitation.objects.select_related("campaign", "questionnaire", "mentorship__mentor")
        .only(*LINK_FIELDS)
        .filter(token_digest=token_digest)
        .order_by()[:1]
    )
    if not found:
        return LinkState.UNKNOWN, None
    invitation = found[0]
    if invitation.answered_at is not None:
        return LinkState.USED, invitation
    if invitation.campaign.status != Campaign.Status.OPEN or (now or timezone.now()) >= invitation.expires_at:
        return LinkState.EXPIRED, invitation
    return LinkState.OK, invitation


def _mine(user: User) -> Q:
    return Q(user=user) | Q(person__user=user, person__isnull=False)


def my_invitations(*, user: User) -> list[Invitation]:
    """The questionnaires the account is asked to answer (its own person's or the curator's), open campaigns
    first; answered ones stay listed as answered."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(_mine(user), campaign__status=Campaign.Status.OPEN)
        .select_related("campaign", "questionnaire", "mentorship__mentor", "person")
        .prefetch_related("mentorship__mentees")
        .order_by("answered_at", "campaign__closes_on", "pk")
    )


def my_invitation(*, user: User, pk: int) -> Invitation:
    """One of the account's own open, unanswered invitations; another's (or a closed one) is 404."""
    invitation = (
        Invitation.objects.filter(_mine(user), pk=pk, campaign__status=Campaign.Status.OPEN, answered_at__isnull=True)
        .select_related("campaign", "questionnaire", "mentorship__mentor", "person")
        .prefetch_related("mentorship__mentees")
        .first()
    )
    if invitation is None or timezone.now() >= invitation.expires_at:
        raise Http404
    return invitation


def partner_first_name(invitation: Invitation) -> str:
    """The one thing of the record the answer page shows: the partner's first name (a mentor's group: its
    size)."""
    mentorship = invitation.mentorship
    if invitation.role == "mentee":
        return mentorship.mentor.first_name
    mentees = list(mentorship.mentees.all())
    if len(mentees) == 1:
        return mentees[0].first_name
    return ""


@dataclass
class Rate:
    label: str
    invited: int = 0
    answered: int = 0

    @property
    def percent(self) -> int:
        """Rounded half up, so 1 of 8 is 13 %, 1 of 3 is 33 %."""
        return (self.answered * 200 + self.invited) // (self.invited * 2) if self.invited else 0


@dataclass
class CampaignRates:
    total: Rate
    by_pair: list[Rate] = field(default_factory=list)
    by_form: list[Rate] = field(default_factory=list)
    by_class: list[Rate] = field(default_factory=list)
    by_role: list[Rate] = field(default_factory=list)
    without_consent: int = 0


def campaign_rates(*, campaign: Campaign) -> CampaignRates:
    """Response rates of a campaign, exact: invited and answered per pair, per form, per class (students
    by their class), per role; three queries whatever the size."""
    invitations = list(
        Invitation.objects.filter(campaign=campaign)
        .select_related("mentorship__form", "mentorship__mentor", "person")
        .prefetch_related("mentorship__mentees")
        .order_by("mentorship_id", "pk")
    )
    total = Rate(label="")
    pairs: dict[int, Rate] = {}
    forms: dict[str, Rate] = {}
    classes: dict[tuple[int, str], Rate] = {}
    roles: dict[str, Rate] = {}
    for invitation in invitations:
        mentorship = invitation.mentorship
        buckets = [
            total,
            pairs.setdefault(mentorship.pk, Rate(label=mentorship.title)),
            forms.setdefault(mentorship.form.name, Rate(label=mentorship.form.name)),
            roles.setdefault(invitation.role, Rate(label=invitation.get_role_display())),
        ]
        person = invitation.person
        if person is not None and person.kind == Person.Kind.STUDENT and person.grade:
            key = (person.grade, person.class_letter)
            buckets.append(classes.setdefault(key, Rate(label=person.class_name)))
        for bucket in buckets:
            bucket.invited += 1
            bucket.answered += invitation.answered_at is not None
    return CampaignRates(
        total=total,
        by_pair=list(pairs.values()),
        by_form=sorted(forms.values(), key=lambda r: r.label),
        by_class=[classes[k] for k in sorted(classes)],
        by_role=list(roles.values()),
        without_consent=Person.objects.filter(
            kind=Person.Kind.STUDENT,
            pd_consent_date__isnull=True,
            mentorships_as_mentee__campaigns=campaign,
        )
        .distinct()
        .count(),
    )
