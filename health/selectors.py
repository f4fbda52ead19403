"""Reads of pair health: the facts of every active pair in a fixed number of queries, and the pairs a
user may see in «Требуют внимания» (a curator their own — Mentorship.curator —, the director and the
administrators all, a mentor none)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Avg, Count, Max, Min, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from mentorship.models import Meeting, Mentorship, PlanItem
from monitoring.models import Answer, Item, Purpose, Response

from . import rules
from .models import PairHealth

VIEW = "health.view_pairhealth"
VIEW_ALL = "health.view_all_pairhealth"
REFRESH = "health.refresh_pairhealth"


def _active(mentorship_ids: Iterable[int] | None) -> QuerySet[Mentorship]:
    active = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
    return active if mentorship_ids is None else active.filter(pk__in=list(mentorship_ids))


def pair_facts(*, today: datetime.date, mentorship_ids: Iterable[int] | None = None) -> list[rules.PairFacts]:
    """The facts the rules need, for every active pair (or the given ones): five queries whatever their number."""
    ids = None if mentorship_ids is None else list(mentorship_ids)
    pairs = list(_active(ids).order_by("pk").values_list("pk", "curator_id", "start_date", "planned_end_date"))
    active = _active(ids).values("pk")
    held = {
        row["mentorship_id"]: (row["first"], row["last"])
        for row in Meeting.objects.held()
        .filter(mentorship__in=active, date__lte=today)
        .values("mentorship_id")
        .annotate(first=Min("date"), last=Max("date"))
        .order_by()
    }
    overdue = {
        row["plan__mentorship_id"]: (row["n"], row["earliest"])
        for row in PlanItem.objects.filter(
            plan__mentorship__in=active,
            status__in=(PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS),
            deadline__lt=today,
        )
        .values("plan__mentorship_id")
        .annotate(n=Count("pk"), earliest=Min("deadline"))
        .order_by()
    }
    # Feedback is the satisfaction questionnaire (typed in from paper or answered by the participant).
    with_feedback = set(
        Response.objects.filter(mentorship__in=active, questionnaire__purpose=Purpose.SATISFACTION).values_list(
            "mentorship_id", flat=True
        )
    )
    satisfaction: dict[int, tuple[datetime.datetime, int, float]] = {}
    means = (
        Answer.objects.filter(
            response__mentorship__in=active,
            response__questionnaire__purpose=Purpose.SATISFACTION,
            item__kind=Item.Kind.SCALE,
            number__isnull=False,
        )
        .values("response_id", "response__mentorship_id", "response__submitted_at")
        .annotate(mean=Avg("number"))
        .order_by()
    )
    for row in means:
        pair = row["response__mentorship_id"]
        mark = (row["response__submitted_at"], row["response_id"], float(row["mean"]))
        if pair not in satisfaction or mark[:2] > satisfaction[pair][:2]:
            satisfaction[pair] = mark
    with_feedback |= set(satisfaction)
    facts = []
    for pk, curator_id, start, planned_end in pairs:
        first, last = held.get(pk, (None, None))
        count, earliest = overdue.get(pk, (0, None))
        latest = satisfaction.get(pk)
        facts.append(
            rules.PairFacts(
                mentorship_id=pk,
                curator_id=curator_id,
                start_date=start,
                planned_end_date=planned_end,
                first_held=first,
                last_held=last,
                overdue_items=count,
                earliest_overdue=earliest,
                has_feedback=pk in with_feedback,
                satisfaction=(latest[1], latest[2]) if latest else None,
            )
        )
    return facts


def can_see_attention(user: User) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def visible_health(*, user: User) -> QuerySet[PairHealth]:
    """The one scope of «Требуют внимания»: all pairs with VIEW_ALL, the curated ones with VIEW, else 404."""
    if not can_see_attention(user):
        raise Http404
    health = PairHealth.objects.filter(mentorship__status=Mentorship.Status.ACTIVE)
    return health if user.has_perm(VIEW_ALL) else health.filter(mentorship__curator=user)


@dataclass
class Action:
    label: str
    url: str


@dataclass
class AttentionRow:
    health: PairHealth
    mentorship: Mentorship
    reasons: list[str]
    actions: list[Action] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return rules.SEVERITY[self.health.status]


SORTS = ("status", "pair", "last_meeting", "since")


def _actions(mentorship: Mentorship, codes: set[str]) -> list[Action]:
    pk = mentorship.pk
    actions = []
    if codes & {rules.NO_FIRST_MEETING, rules.NO_RECENT_MEETING}:
        actions.append(Action(_("Add a meeting"), reverse("mentorship:meeting_add", args=[pk])))
    if rules.OVERDUE_PLAN_ITEMS in codes:
        actions.append(Action(_("Open the plan"), reverse("mentorship:mentorship_detail", args=[pk]) + "#plans"))
    if codes & {rules.ENDING_WITHOUT_FEEDBACK, rules.LOW_SATISFACTION}:
        actions.append(Action(_("Add feedback"), reverse("monitoring:feedback_add", args=[pk])))
    return actions


def attention_rows(*, user: User, sort: str = "status", limit: int | None = None) -> list[AttentionRow]:
    """The user's pairs that are not in order, with their reasons and the actions that resolve them:
    three queries (health with its pairs and mentors, the mentees) whatever their number."""
    health = (
        visible_health(user=user)
        .exclude(status=PairHealth.Status.OK)
        .select_related("mentorship__mentor")
        .prefetch_related("mentorship__mentees")
    )
    rows = [
        AttentionRow(
            health=h,
            mentorship=h.mentorship,
            reasons=[rules.describe(r) for r in h.reasons],
            actions=_actions(h.mentorship, {r["code"] for r in h.reasons}),
        )
        for h in health
    ]
    far = datetime.date.min
    keys = {
        "status": lambda r: (-r.severity, r.health.since or far, r.mentorship.title),
        "pair": lambda r: (r.mentorship.title, -r.severity),
        "last_meeting": lambda r: (r.health.last_meeting or far, -r.severity),
        "since": lambda r: (r.health.since or far, -r.severity),
    }
    rows.sort(key=keys.get(sort, keys["status"]))
    return rows[:limit] if limit else rows


def attention_count(*, user: User) -> int:
    return visible_health(user=user).exclude(status=PairHealth.Status.OK).count()
