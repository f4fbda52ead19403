"""What a user's calendar feed holds, read in a fixed number of queries.

- the planned meetings and the open plan items' deadlines of *their* pairs: a mentor's own pairs
  (mentorship/access.py `mentor_person`), a curator's pairs (`Mentorship.curator`);
- the roadmap occurrences they are responsible for (`Activity.responsible_users`) and not yet done;
- the monitoring dates (20 June, 20 December) and the closing days of open questionnaire campaigns
  (for staff every open campaign, for a mentor the campaigns of their pairs).

Events name a pair by its people's initials only («И. П. → С. К.»; a teacher or an external mentor by the
short name «Иванова И.П.»): a child's surname never leaves the portal in a feed, and free texts (a
meeting's topic, a plan item's task) are left out, since they may name the child. See docs/calendar.md.
"""

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from mentorship.access import mentor_person
from mentorship.dates import monitoring_dates
from mentorship.models import Meeting, Mentorship, Person, PlanItem
from monitoring.models import Campaign
from roadmap.models import Occurrence, Status

from .models import CalendarToken
from .services import token_digest

PAST_DAYS = 60  # events this far back are kept, so a phone shows the recent past too
AHEAD_DAYS = 400
OPEN_PAIR_STATUSES = (Mentorship.Status.DRAFT, Mentorship.Status.ACTIVE)
OPEN_ITEM_STATUSES = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)
PERMISSION = "feeds.use_calendar"
PAIR_PAGE = "mentorship:mentorship_detail"
STAFF_PERMISSION = "mentorship.view_mentorship"


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    link: tuple[str, int] | None = None  # the portal page (url name, number), made absolute by the view


def token_owner(*, token: str) -> tuple[CalendarToken, User] | None:
    """The link's row and its active user allowed a feed, or None (an unknown or revoked token)."""
    if not token or len(token) > 100:
        return None
    row = CalendarToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if row is None or not row.user.is_active or not row.user.has_perm(PERMISSION):
        return None
    return row, row.user


def token_of(*, user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def _initials(person: Person) -> str:
    letters = [p[0] for p in (person.first_name, person.last_name) if p]
    return " ".join(f"{letter}." for letter in letters)


def person_label(person: Person) -> str:
    """A teacher or an external mentor by the short name; a student (a child) by initials only."""
    return _initials(person) if person.kind == Person.Kind.STUDENT else person.short_name


def pair_label(mentorship: Mentorship) -> str:
    mentees = list(mentorship.mentees.all())
    whom = person_label(mentees[0]) if len(mentees) == 1 else _("group: %(count)d") % {"count": len(mentees)}
    return f"{person_label(mentorship.mentor)} → {whom}"


def _pairs(user: User) -> list[Mentorship]:
    person = mentor_person(user)
    scope = Q(curator=user)
    if person is not None:
        scope |= Q(mentor=person)
    return list(
        Mentorship.objects.filter(scope, status__in=OPEN_PAIR_STATUSES)
        .select_related("mentor")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.only("pk", "kind", "first_name", "last_name")))
    )


def calendar_events(*, user: User, today: datetime.date) -> list[Event]:
    start, end = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=AHEAD_DAYS)
    pairs = {m.pk: m for m in _pairs(user)}
    labels = {pk: pair_label(m) for pk, m in pairs.items()}
    events: list[Event] = []
    meetings = Meeting.objects.filter(
        mentorship_id__in=list(pairs), status=Meeting.Status.PLANNED, date__range=(start, end)
    ).only("pk", "date", "mentorship_id")
    for meeting in meetings:
        events.append(
            Event(
                f"meeting-{meeting.pk}",
                meeting.date,
                _("Meeting: %(pair)s") % {"pair": labels[meeting.mentorship_id]},
                _("A planned mentoring meeting."),
                (PAIR_PAGE, meeting.mentorship_id),
            )
        )
    items = PlanItem.objects.filter(
        plan__mentorship_id__in=list(pairs), status__in=OPEN_ITEM_STATUSES, deadline__range=(start, end)
    ).values("pk", "deadline", "plan__mentorship_id")
    for item in items:
        pair = item["plan__mentorship_id"]
        events.append(
            Event(
                f"plan-item-{item['pk']}",
                cast(datetime.date, item["deadline"]),  # deadline__range leaves out the empty ones
                _("Plan item due: %(pair)s") % {"pair": labels[pair]},
                _("The deadline of an individual plan's item."),
                (PAIR_PAGE, pair),
            )
        )
    occurrences = (
        Occurrence.objects.filter(activity__responsible_users=user, due_on__range=(start, end))
        .exclude(status=Status.DONE)
        .select_related("activity")
        .only("pk", "due_on", "activity__id", "activity__number", "activity__title")
    )
    for occurrence in occurrences:
        activity = occurrence.activity
        title = activity.title if len(activity.title) <= 120 else activity.title[:119] + "…"
        events.append(
            Event(
                f"roadmap-{occurrence.pk}",
                occurrence.due_on,
                _("Roadmap %(number)s: %(title)s") % {"number": activity.number, "title": title},
                _("A roadmap date you are responsible for."),
                ("roadmap:activity", activity.pk),
            )
        )
    for year in (today.year, today.year + 1):
        for day in monitoring_dates(year):
            if start <= day <= end:
                events.append(Event(f"monitoring-{day:%Y%m%d}", day, _("Monitoring of the mentoring programme")))
    campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__range=(start, end))
    if not user.has_perm(STAFF_PERMISSION):
        campaigns = campaigns.filter(mentorships__in=list(pairs)).distinct()
    for campaign in campaigns.only("pk", "title", "closes_on"):
        events.append(
            Event(
                f"campaign-{campaign.pk}",
                campaign.closes_on,
                _("Questionnaires close: %(title)s") % {"title": campaign.title},
                _("The last day to answer the campaign's questionnaires."),
            )
        )
    events.sort(key=lambda e: (e.day, e.uid))
    return events
