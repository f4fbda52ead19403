"""Reads of the monitoring: questionnaires and their current items, the aggregates of the answers (stage 1),
the participants' growth between entry and exit (stage 2), response rates and the SWOT draft's inputs.

Every aggregate is a fixed number of queries whatever the number of answers: grouped in the database where
it can be (means, yes counts), one flat read of (item, value) rows where it cannot (options, growth), never a
query per response, person or item.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Aggregate, Avg, Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.dates import monitoring_period
from mentorship.models import Mentorship

from .models import Answer, Campaign, Item, Purpose, Questionnaire, Response, Role, SwotAnalysis

# Below this share of answered invitations a campaign's response is low (a threat in the SWOT draft).
LOW_RESPONSE = Decimal("0.5")


def current_items(*, questionnaire: Questionnaire) -> QuerySet[Item]:
    """The questionnaire's items as they are asked today (retired versions left out), in order."""
    return Item.objects.filter(questionnaire=questionnaire, retired_at__isnull=True).order_by("order", "pk")


def questionnaires_for_staff() -> QuerySet[Questionnaire]:
    """Every questionnaire with its number of current questions and of responses, in one query."""
    return (
        Questionnaire.objects.select_related("form")
        .annotate(
            item_count=Count("items", filter=Q(items__retired_at__isnull=True), distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .order_by("purpose", "role", "form__order", "title", "pk")
    )


def questionnaire_items(*, questionnaire: Questionnaire) -> list[Item]:
    """The current questions, each with `answer_count` (a question with answers is changed by a new version)."""
    return list(current_items(questionnaire=questionnaire).annotate(answer_count=Count("answers")))


# The six ratings of the satisfaction questionnaires (the keys of the former feedback's fields), in order.
RATING_KEYS = (
    "expected_effectiveness",
    "actual_effectiveness",
    "communication_comfort",
    "meetings_usefulness",
    "plan_fulfilment",
    "expectations_met",
)
RATING_LABELS = {
    "expected_effectiveness": _("expected effectiveness of the programme"),
    "actual_effectiveness": _("actual effectiveness of the programme"),
    "communication_comfort": _("comfort of communication"),
    "meetings_usefulness": _("usefulness of meetings"),
    "plan_fulfilment": _("plan carried out"),
    "expectations_met": _("expectations met"),
}
SATISFACTION_ROLES = (Role.MENTOR, Role.MENTEE)


def _round1(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def satisfaction_averages(*, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The satisfaction answers of mentors and mentees on the mentorships that ended in [start, end]: the
    number of responses, the average of each of the six ratings and how many would continue or become a
    mentor — the layout the summary had from the former feedback (reports/content.py). One query,
    whatever the number of answers."""
    ended = Q(
        response__questionnaire__purpose=Purpose.SATISFACTION,
        response__mentorship__status__in=(Mentorship.Status.COMPLETED, Mentorship.Status.TERMINATED),
        response__mentorship__end_date__gte=start,
        response__mentorship__end_date__lte=end,
    )
    fields: dict[str, Aggregate] = {}
    for role in SATISFACTION_ROLES:
        by_role = Q(response__role=role)
        fields[f"{role}__count"] = Count("response", filter=by_role, distinct=True)
        fields[f"{role}__continue"] = Count("pk", filter=by_role & Q(item__key="would_continue", flag=True))
        fields[f"{role}__become"] = Count("pk", filter=by_role & Q(item__key="would_become_mentor", flag=True))
        for key in RATING_KEYS:
            fields[f"{role}__{key}"] = Avg("number", filter=by_role & Q(item__key=key))
    row = Answer.objects.filter(ended).aggregate(**fields)
    roles = {
        str(role): {
            "count": row[f"{role}__count"],
            "averages": {key: _round1(row[f"{role}__{key}"]) for key in RATING_KEYS},
            "would_continue": row[f"{role}__continue"],
            "would_become_mentor": row[f"{role}__become"],
        }
        for role in SATISFACTION_ROLES
    }
    return {"roles": roles, "labels": {k: str(v) for k, v in RATING_LABELS.items()}, "fields": list(RATING_KEYS)}


def responses_visible_to(*, user: User | AnonymousUser) -> QuerySet[Response]:
    """Individual responses a user may read: curators and administrators (who manage the questionnaires) all of
    them; a mentor with a portal account only her own (answered as the person linked to her account); anyone
    else, the director included, none — they read aggregates only."""
    if not user.is_authenticated or not user.is_active:
        return Response.objects.none()
    if user.has_perm("monitoring.manage_questionnaires"):
        return Response.objects.all()
    if isinstance(user, User) and user.has_perm("mentorship.work_as_mentor"):
        return Response.objects.filter(person__user=user, person__isnull=False)
    return Response.objects.none()


def satisfaction_questionnaire(*, role: str, form_id: int | None) -> Questionnaire | None:
    """The satisfaction questionnaire a mentor or mentee of a form answers: the form's own one if the curators
    made one, else the one for every form (the default kit's)."""
    candidates = Questionnaire.objects.filter(purpose=Purpose.SATISFACTION, role=role, is_active=True).filter(
        Q(form_id=form_id) | Q(form__isnull=True)
    )
    return candidates.order_by(F("form_id").desc(nulls_last=True), "-builtin", "pk").first()


def pair_responses(*, mentorship: Mentorship, user: User | AnonymousUser) -> list[Response]:
    """The pair's satisfaction responses the user may read (responses_visible_to), with their answers and
    questions, in two queries."""
    return list(
        responses_visible_to(user=user)
        .filter(mentorship=mentorship, questionnaire__purpose=Purpose.SATISFACTION)
        .select_related("questionnaire", "person")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("item").order_by("item__order")))
        .order_by("role", "submitted_at", "pk")
    )


def pair_satisfaction_values(*, mentorship: Mentorship, user: User | AnonymousUser) -> dict[int, dict[str, Any]]:
    """For the printable feedback form: person id → {item key: value, "created_at": when} of her latest
    satisfaction response on the pair (numbers, flags, texts), of the responses the user may read. One query."""
    values: dict[int, dict[str, Any]] = {}
    answers = (
        Answer.objects.filter(
            response__in=responses_visible_to(user=user),
            response__mentorship=mentorship,
            response__questionnaire__purpose=Purpose.SATISFACTION,
            response__person__isnull=False,
        )
        .select_related("item", "response")
        .order_by("response__submitted_at", "response_id")
    )
    latest: dict[int, int] = {}
    for answer in answers:
        person_id = answer.response.person_id
        assert person_id is not None
        if latest.get(person_id) != answer.response_id:
            latest[person_id] = answer.response_id
            values[person_id] = {"created_at": answer.response.submitted_at}
        item = answer.item
        if item.kind == Item.Kind.SCALE:
            values[person_id][item.key] = answer.number
        elif item.kind == Item.Kind.YES_NO:
            values[person_id][item.key] = answer.flag
        elif item.kind == Item.Kind.TEXT:
            values[person_id][item.key] = answer.text
    return values


def _round(value: Decimal | float | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class AnswerFilter:
    """Which answers an aggregate reads. `as_of`: the half-year ending at this monitoring date
    (mentorship/dates.py monitoring_period); `class_name` «7Б» — the respondent's class."""

    as_of: datetime.date | None = None
    form_id: int | None = None
    role_model_id: int | None = None
    class_name: str = ""
    role: str = ""
    purpose: str = ""

    @property
    def period(self) -> tuple[datetime.date, datetime.date] | None:
        return monitoring_period(self.as_of) if self.as_of else None

    def response_q(self, prefix: str = "") -> Q:
        """The filter on Response (prefix "response__" when reading answers)."""
        q = Q()
        if self.as_of is not None:
            start, end = monitoring_period(self.as_of)
            q &= Q(**{f"{prefix}submitted_at__gte": _day_start(start)})
            q &= Q(**{f"{prefix}submitted_at__lt": _day_start(end + datetime.timedelta(days=1))})
        if self.form_id:
            q &= Q(**{f"{prefix}mentorship__form_id": self.form_id})
        if self.role_model_id:
            q &= Q(**{f"{prefix}mentorship__role_model_id": self.role_model_id})
        if self.class_name:
            grade, letter = split_class_name(self.class_name)
            q &= Q(**{f"{prefix}person__grade": grade, f"{prefix}person__class_letter": letter})
        if self.role:
            q &= Q(**{f"{prefix}role": self.role})
        if self.purpose:
            q &= Q(**{f"{prefix}questionnaire__purpose": self.purpose})
        return q


def split_class_name(name: str) -> tuple[int | None, str]:
    """«7Б» → (7, "Б"); «11» → (11, ""); anything else → (None, "")."""
    name = (name or "").strip()
    digits = "".join(ch for ch in name if ch.isdigit())
    if not digits or not name.startswith(digits):
        return None, ""
    return int(digits), name[len(digits) :].strip().upper()


@dataclass
class ItemAggregate:
    """One questionnaire item's answers: the mean (scale), the share of yes (yes/no), counts per option
    (choices). Versions of an item (same questionnaire, same key) are counted together."""

    questionnaire_id: int
    questionnaire: str
    purpose: str
    role: str
    key: str
    kind: str
    text: str
    order: int
    answers: int = 0
    mean: Decimal | None = None
    yes: int = 0
    yes_share: Decimal | None = None
    options: list[tuple[str, int]] = field(default_factory=list)
    _sum: int = 0


def item_aggregates(*, where: AnswerFilter | None = None) -> list[ItemAggregate]:
    """Per questionnaire item: the number of answers, the mean (scale), the share of yes (yes/no), the counts per
    option (one, many); open texts are counted only. Three queries whatever the number of answers."""
    where = where or AnswerFilter()
    answers = Answer.objects.filter(where.response_q("response__"))
    grouped = list(
        answers.values("item_id").annotate(
            n=Count("pk"),
            total=Avg("number"),
            yes=Count("pk", filter=Q(flag=True)),
            scored=Count("number"),
        )
    )
    by_item = {row["item_id"]: row for row in grouped}
    items = list(Item.objects.filter(pk__in=by_item).select_related("questionnaire").order_by("version"))
    chosen: dict[int, list[list[int]]] = defaultdict(list)
    choice_ids = [i.pk for i in items if i.kind in (Item.Kind.ONE, Item.Kind.MANY)]
    choice_rows = answers.filter(item_id__in=choice_ids).values_list("item_id", "chosen")
    for item_id, picked in choice_rows:
        chosen[item_id].append(picked or [])
    result: dict[tuple[int, str], ItemAggregate] = {}
    sums: dict[tuple[int, str], tuple[Decimal, int]] = {}
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:  # oldest version first: the latest one's text and options win
        key = (item.questionnaire_id, item.key)
        row = by_item[item.pk]
        agg = result.get(key)
        if agg is None:
            agg = result[key] = ItemAggregate(
                questionnaire_id=item.questionnaire_id,
                questionnaire=item.questionnaire.title,
                purpose=item.questionnaire.purpose,
                role=item.questionnaire.role,
                key=item.key,
                kind=item.kind,
                text=item.text,
                order=item.order,
            )
        agg.text, agg.order = item.text, item.order
        agg.answers += row["n"]
        agg.yes += row["yes"]
        if row["scored"]:
            total, scored = sums.get(key, (Decimal(0), 0))
            sums[key] = (total + Decimal(str(row["total"])) * row["scored"], scored + row["scored"])
        for picked in chosen.get(item.pk, []):
            for index in picked:
                counts[key][index] += 1
        if item.kind in (Item.Kind.ONE, Item.Kind.MANY):
            agg.options = [(label, 0) for label in item.choices]
    for key, agg in result.items():
        if key in sums:
            total, scored = sums[key]
            agg.mean = _round(total / scored)
        if agg.kind == Item.Kind.YES_NO and agg.answers:
            agg.yes_share = _round(Decimal(agg.yes) / agg.answers, "0.001")
        if agg.options:
            agg.options = [(label, counts[key].get(index, 0)) for index, (label, _n) in enumerate(agg.options)]
    return sorted(result.values(), key=lambda a: (a.purpose, a.role, a.questionnaire, a.order, a.key))


@dataclass(frozen=True)
class CampaignRate:
    campaign_id: int
    title: str
    monitoring_date: datetime.date
    invited: int
    answered: int

    @property
    def rate(self) -> Decimal | None:
        return _round(Decimal(self.answered) / self.invited, "0.001") if self.invited else None

    @property
    def is_low(self) -> bool:
        return self.rate is not None and self.rate < LOW_RESPONSE


def response_rates(*, as_of: datetime.date | None = None) -> list[CampaignRate]:
    """Invitations and answers per campaign (of the half-year ending at `as_of`, or all). One query."""
    campaigns = Campaign.objects.all()
    if as_of is not None:
        start, end = monitoring_period(as_of)
        campaigns = campaigns.filter(monitoring_date__gte=start, monitoring_date__lte=end)
    rows = campaigns.annotate(
        n_invited=Count("invitations", distinct=True),
        n_answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True),
    ).order_by("monitoring_date", "pk")
    return [
        CampaignRate(
            campaign_id=c.pk,
            title=c.title,
            monitoring_date=c.monitoring_date,
            invited=c.n_invited,
            answered=c.n_answered,
        )
        for c in rows
    ]


# Stage 2: growth between entry and exit ----------------------------------------------------------------------

GROUPINGS = ("form", "role_model", "class")


@dataclass
class GrowthRow:
    """One group (a form, a role model or a class) and one item key: entry vs exit of the same people."""

    group: str
    key: str
    text: str
    compared: int = 0
    improved: int = 0
    entry_sum: int = 0
    exit_sum: int = 0

    @property
    def improved_share(self) -> Decimal | None:
        return _round(Decimal(self.improved) / self.compared, "0.001") if self.compared else None

    @property
    def mean_change(self) -> Decimal | None:
        return _round(Decimal(self.exit_sum - self.entry_sum) / self.compared) if self.compared else None

    @property
    def entry_mean(self) -> Decimal | None:
        return _round(Decimal(self.entry_sum) / self.compared) if self.compared else None

    @property
    def exit_mean(self) -> Decimal | None:
        return _round(Decimal(self.exit_sum) / self.compared) if self.compared else None


@dataclass
class GrowthReport:
    by: str
    rows: list[GrowthRow]  # per group and key, groups in order
    totals: list[GrowthRow]  # per key over every group
    missing_exit: dict[str, int]  # per group: participants with an entry answer and no exit answer
    missing_exit_total: int
    compared_people: int

    @property
    def groups(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.setdefault(row.group, None)
        for group in self.missing_exit:
            seen.setdefault(group, None)
        return list(seen)


# The group of a participant: the column read with each answer, and how its value is shown.
_GROUP_COLUMNS = {
    "form": ("response__mentorship__form__name", "response__mentorship__form__order"),
    "role_model": ("response__mentorship__role_model__name", "response__mentorship__role_model__order"),
    "class": ("response__person__grade", "response__person__class_letter"),
}


def _group_label(by: str, first: Any, second: Any) -> tuple[str, Any]:
    """(label, sort key) of a participant's group."""
    if by == "class":
        return (f"{first}{second}" if first else "—"), (first or 99, second or "")
    return (first or "—"), (second if second is not None else 999, first or "")


def growth_report(*, by: str = "form", where: AnswerFilter | None = None) -> GrowthReport:
    """Stage 2: each participant's (person in a mentorship) entry and exit answers compared item by item, by the
    item's key, scale items only; their latest entry and latest exit count. Per group (`by`: form, role model
    or the participant's class) and key: how many were compared, how many improved (exit above entry), the mean
    change. A participant with an entry answer but no exit answer is counted in `missing_exit` — never dropped.
    `where.as_of` keeps answers given up to the end of that half-year. Three queries."""
    where = where or AnswerFilter()
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping: {by}")
    scoped = AnswerFilter(
        form_id=where.form_id, role_model_id=where.role_model_id, class_name=where.class_name, role=where.role
    )
    # The entry and exit questionnaires and their scale items read first (two small queries), so that the one
    # large read joins the answers to their responses only.
    purposes = dict(
        Questionnaire.objects.filter(purpose__in=(Purpose.ENTRY, Purpose.EXIT)).values_list("pk", "purpose")
    )
    items = {
        pk: (key, text)
        for pk, key, text in Item.objects.filter(questionnaire_id__in=purposes, kind=Item.Kind.SCALE).values_list(
            "pk", "key", "text"
        )
    }
    q = scoped.response_q("response__") & Q(response__questionnaire_id__in=list(purposes), item_id__in=list(items))
    q &= Q(response__person__isnull=False, number__isnull=False)
    if where.as_of is not None:
        q &= Q(response__submitted_at__lt=_day_start(where.as_of + datetime.timedelta(days=1)))
    first, second = _GROUP_COLUMNS[by]
    rows = (
        Answer.objects.filter(q)
        .order_by("response__submitted_at", "response_id")
        .values_list(
            "response_id",
            "response__person_id",
            "response__mentorship_id",
            "response__questionnaire_id",
            "item_id",
            "number",
            first,
            second,
        )
    )
    # (person, mentorship) → purpose → key → number; the latest response of a purpose wins.
    people: dict[tuple[int, int | None], dict[str, Any]] = {}
    texts: dict[str, str] = {}
    for response_id, person_id, mentorship_id, questionnaire_id, item_id, number, one, two in rows.iterator(
        chunk_size=5000
    ):
        purpose = purposes[questionnaire_id]
        key, text = items[item_id]
        person = people.get((person_id, mentorship_id))
        if person is None:
            label, sort = _group_label(by, one, two)
            person = people[(person_id, mentorship_id)] = {"group": label, "order": sort, "entry": {}, "exit": {}}
        latest = person.setdefault(f"{purpose}_response", response_id)
        if latest != response_id:  # a later response of the same purpose replaces the earlier one
            person[purpose] = {}
            person[f"{purpose}_response"] = response_id
        person[purpose][key] = number
        if purpose == Purpose.EXIT or key not in texts:
            texts[key] = text
    by_group: dict[tuple[str, str], GrowthRow] = {}
    totals: dict[str, GrowthRow] = {}
    missing: dict[str, int] = defaultdict(int)
    compared_people = 0
    order: dict[str, Any] = {}
    for person in people.values():
        group = person["group"]
        order.setdefault(group, person["order"])
        if "entry_response" not in person:
            continue  # an exit without an entry compares nothing
        if "exit_response" not in person:
            missing[group] += 1
            continue
        common = [k for k in person["entry"] if k in person["exit"]]
        if common:
            compared_people += 1
        for key in common:
            before, after = person["entry"][key], person["exit"][key]
            for target in (
                by_group.setdefault((group, key), GrowthRow(group=group, key=key, text=texts[key])),
                totals.setdefault(key, GrowthRow(group="", key=key, text=texts[key])),
            ):
                target.compared += 1
                target.improved += after > before
                target.entry_sum += before
                target.exit_sum += after
    keys_order = list(texts)
    ranks = {key: n for n, key in enumerate(keys_order)}
    ordered = sorted(by_group.values(), key=lambda r: (order[r.group], ranks[r.key]))
    return GrowthReport(
        by=by,
        rows=ordered,
        totals=sorted(totals.values(), key=lambda r: ranks[r.key]),
        missing_exit=dict(sorted(missing.items(), key=lambda kv: order[kv[0]])),
        missing_exit_total=sum(missing.values()),
        compared_people=compared_people,
    )


# Stage 1: the SWOT draft's inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecliningPair:
    mentorship_id: int
    before: Decimal
    after: Decimal


def declining_ratings(*, as_of: datetime.date) -> list[DecliningPair]:
    """Mentorships where a participant's latest satisfaction answer (mean of its scale items) is lower than her
    previous one, answers given up to `as_of`. One query."""
    rows = (
        Answer.objects.filter(
            response__questionnaire__purpose=Purpose.SATISFACTION,
            response__mentorship__isnull=False,
            response__submitted_at__lt=_day_start(as_of + datetime.timedelta(days=1)),
            item__kind=Item.Kind.SCALE,
            number__isnull=False,
        )
        .values("response_id", "response__mentorship_id", "response__person_id", "response__role")
        .annotate(mean=Avg("number"))
        .order_by("response__submitted_at", "response_id")
    )
    series: dict[tuple[int, int | None, str], list[Decimal]] = defaultdict(list)
    for row in rows:
        who = (row["response__mentorship_id"], row["response__person_id"], row["response__role"])
        series[who].append(Decimal(str(row["mean"])))
    declining: dict[int, DecliningPair] = {}
    for (mentorship_id, _person, _role), means in series.items():
        if len(means) >= 2 and means[-1] < means[-2] and mentorship_id not in declining:
            declining[mentorship_id] = DecliningPair(
                mentorship_id=mentorship_id,
                before=_round(means[-2]) or Decimal(0),
                after=_round(means[-1]) or Decimal(0),
            )
    return sorted(declining.values(), key=lambda d: d.mentorship_id)


def swot_get(*, as_of: datetime.date) -> SwotAnalysis | None:
    return SwotAnalysis.objects.select_related("updated_by").filter(as_of=as_of).first()


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def keys_of(aggregates: Iterable[ItemAggregate], key: str) -> list[ItemAggregate]:
    return [a for a in aggregates if a.key == key]
