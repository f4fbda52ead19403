"""Reads of the matching assistant: whom a session's pool holds, the problem handed to the engine, what the
proposals do to the indicators, and the sessions a user may see."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from indicators.selectors import Projection, kpi_projection
from mentorship.dates import years_before
from mentorship.models import Mentorship, MentorshipForm, Organization, Person, young_teacher_q
from mentorship.rules import active_pairs, busy_mentees, form_role_q, joined_by, mentor_limit, stays_through
from monitoring.models import Answer, Purpose

from . import engine
from .models import CapacityOverride, MatchingSession, PairRule, PoolMember, Proposal, Unmatched

MANAGE = "matching.change_matchingsession"
VIEW = "matching.view_matchingsession"
MENTOR_AGES = (15, 18)  # a student mentor: 15–18 years old at the start (indicator 2's cohort)
TERRITORY_SHARE: dict[str, float] = {Organization.Territory.TOWN: 1.0, Organization.Territory.DISTRICT: 0.5}
Code = MentorshipForm.Code


def sessions_for_user(user: User | AnonymousUser) -> QuerySet[MatchingSession]:
    """Curators and administrators see every session; the director reads the published ones."""
    sessions = MatchingSession.objects.select_related("form")
    if user.has_perm(MANAGE):
        return sessions
    if user.has_perm(VIEW):
        return sessions.filter(status=MatchingSession.Status.PUBLISHED)
    return sessions.none()


def session_get_for_user(user: User | AnonymousUser, pk: int) -> MatchingSession:
    return get_object_or_404(sessions_for_user(user), pk=pk)


def _last_day(session: MatchingSession) -> datetime.date | None:
    return session.planned_end_date


def _on_roll(person: Person, session: MatchingSession) -> bool:
    """The rules' own date checks (mentorship/rules.py), for one person of the pool."""
    return joined_by(person, session.start_date) and stays_through(person, session.start_date, _last_day(session))


def pool_candidates(*, session: MatchingSession) -> tuple[list[Person], list[Person]]:
    """(mentees, mentors) the session's filters select, ordered by primary key. Mentees: whom the form admits
    as a mentee and who has no active mentorship as one — potential mentees (of the chosen categories, in the
    grade range) among students, young teachers among teachers. Mentors: whom the form admits as a mentor —
    students aged 15–18, teachers who are not young, external mentors — with a free place."""
    code = session.form.code
    day = session.start_date
    active_mentee = Exists(
        Mentorship.mentees.through.objects.filter(person_id=OuterRef("pk"), mentorship__status=Mentorship.Status.ACTIVE)
    )
    mentees = Person.objects.filter(form_role_q(code, "mentee"), purged_at__isnull=True).exclude(active_mentee)
    if code == Code.TEACHER_TEACHER:
        mentees = mentees.filter(young_teacher_q(day), career_start__lte=day)
    else:
        categories = list(session.categories.values_list("pk", flat=True)) if session.pk else []
        with_category = Person.categories.through.objects.filter(person_id=OuterRef("pk"))
        if categories:
            with_category = with_category.filter(menteecategory_id__in=categories)
        mentees = mentees.filter(Exists(with_category))
        if session.grade_min:
            mentees = mentees.filter(grade__gte=session.grade_min)
        if session.grade_max:
            mentees = mentees.filter(grade__lte=session.grade_max)
    mentors = Person.objects.filter(form_role_q(code, "mentor"), purged_at__isnull=True).select_related("organization")
    if code == Code.STUDENT_STUDENT:
        low, high = MENTOR_AGES
        mentors = mentors.filter(birth_date__lte=years_before(day, low), birth_date__gt=years_before(day, high + 1))
    elif code == Code.TEACHER_TEACHER:
        mentors = mentors.exclude(young_teacher_q(day))
    chosen_mentees = [p for p in mentees.order_by("pk") if _on_roll(p, session)]
    chosen_mentors = [p for p in mentors.order_by("pk") if _on_roll(p, session)]
    return chosen_mentees, chosen_mentors


@dataclass
class Pool:
    session: MatchingSession
    mentees: dict[int, Person]
    mentors: dict[int, Person]
    busy: dict[int, set[int]]
    limits: dict[int, int]  # the mentor's places in this session: their limit, or the curator's lower override
    problem: engine.Problem
    dropped_pins: list[PairRule] = field(default_factory=list)


def _motivation(mentee_ids: list[int]) -> dict[int, float]:
    """The mentee's «motivation» (scale 1–10) from their latest entry questionnaire, as 0..1, where present."""
    answers = (
        Answer.objects.filter(
            response__person_id__in=mentee_ids,
            response__questionnaire__purpose=Purpose.ENTRY,
            item__key="motivation",
            number__isnull=False,
        )
        .order_by("response__submitted_at", "pk")
        .values_list("response__person_id", "number")
    )
    return {person_id: min(number or 0, 10) / 10 for person_id, number in answers}


def session_pool(*, session: MatchingSession) -> Pool:
    """The session's stored pool as the engine's problem: the hard constraints (the rules' load, existing
    active pairs, forbidden and rejected pairs) and the pairs kept (pinned, accepted)."""
    members = list(session.members.select_related("person", "person__organization").order_by("person_id"))
    mentees = {m.person_id: m.person for m in members if m.role == PoolMember.Role.MENTEE}
    mentors = {m.person_id: m.person for m in members if m.role == PoolMember.Role.MENTOR}
    categories: dict[int, set[str]] = {}
    for person_id, code in Person.categories.through.objects.filter(person_id__in=list(mentees)).values_list(
        "person_id", "menteecategory__code"
    ):
        categories.setdefault(person_id, set()).add(code)
    busy = busy_mentees(mentors, session.start_date, _last_day(session))
    overrides = dict(session.capacities.values_list("mentor_id", "capacity"))
    limits = {pk: min(mentor_limit(p), overrides.get(pk, mentor_limit(p))) for pk, p in mentors.items()}
    rules = list(session.rules.all())
    banned = {(a, b) for a, b in active_pairs(mentors) if b in mentees}
    banned |= {(r.mentor_id, r.mentee_id) for r in rules if r.kind == PairRule.Kind.FORBID}
    kept = list(session.proposals.exclude(state=Proposal.State.PROPOSED).values_list("mentor_id", "mentee_id", "state"))
    banned |= {(a, b) for a, b, state in kept if state == Proposal.State.REJECTED}
    fixed: dict[int, int] = {b: a for a, b, state in kept if state == Proposal.State.ACCEPTED}
    dropped = []
    for rule in rules:
        if rule.kind == PairRule.Kind.PIN:
            if rule.mentor_id in mentors and rule.mentee_id in mentees:
                fixed[rule.mentee_id] = rule.mentor_id
            else:
                dropped.append(rule)
    fixed = {b: a for b, a in fixed.items() if a in mentors and b in mentees}
    ended_early = set(
        Mentorship.mentees.through.objects.filter(
            mentorship__status=Mentorship.Status.TERMINATED,
            mentorship__mentor_id__in=list(mentors),
            person_id__in=list(mentees),
        ).values_list("mentorship__mentor_id", "person_id")
    )
    motivation = _motivation(list(mentees))
    code = session.form.code
    problem = engine.Problem(
        mentees=[
            engine.Mentee(
                pk=pk,
                grade=p.grade,
                categories=frozenset(categories.get(pk, ())),
                request=engine.words(p.request),
                interests=engine.words(p.interests),
                motivation=motivation.get(pk),
            )
            for pk, p in mentees.items()
        ],
        mentors=[
            engine.Mentor(
                pk=pk,
                free=limits[pk] - len(busy.get(pk, set())),
                grade=p.grade,
                offers=engine.words(p.strengths, p.subjects, p.position),
                interests=engine.words(p.interests),
                territory_share=TERRITORY_SHARE.get(p.organization.territory, 0.0) if p.organization else 0.0,
            )
            for pk, p in mentors.items()
        ],
        weights=engine.clean_weights(session.weights),
        peer=code == Code.STUDENT_STUDENT,
        external=code in (Code.EMPLOYER_STUDENT, Code.UNIVERSITY_STUDENT),
        objective=session.objective,
        min_score=session.min_score,
        seed=session.seed,
        banned=frozenset(banned),
        ended_early=frozenset(ended_early),
        fixed=tuple(sorted((a, b) for b, a in fixed.items())),
    )
    return Pool(session, mentees, mentors, busy, limits, problem, dropped)


@dataclass
class SessionPage:
    session: MatchingSession
    proposals: list[Proposal]
    unmatched: list[Unmatched]
    rules: list[PairRule]
    mentee_count: int
    mentor_count: int
    projection: list[Projection]
    weights: list[tuple[str, Any, int]]
    counts: dict[str, int]


def criterion_labels() -> dict[str, Any]:
    from django.utils.translation import gettext_lazy as _

    return {
        engine.CATEGORIES: _("categories vs strengths and subjects"),
        engine.REQUEST: _("request vs strengths and subjects"),
        engine.INTERESTS: _("common interests"),
        engine.DISTANCE: _("class distance (peer forms)"),
        engine.TERRITORY: _("organisation in the town or district"),
        engine.ENTRY: _("motivation in the entry questionnaire"),
        engine.EARLY_END: _("penalty: an earlier pair of the same people ended early"),
    }


def session_page(*, session: MatchingSession) -> SessionPage:
    """Everything the session's page shows, in a fixed number of queries."""
    proposals = list(
        session.proposals.select_related("mentor", "mentee", "mentorship").order_by(
            "mentor__last_name", "mentor__first_name", "mentor_id", "mentee__last_name", "mentee_id"
        )
    )
    labels = criterion_labels()
    for proposal in proposals:
        proposal.explained = [(labels.get(code, code), points) for code, points in proposal.contributions.items()]  # type: ignore[attr-defined]
    unmatched = list(session.unmatched.select_related("mentee").order_by("mentee__last_name", "mentee_id"))
    rules = list(session.rules.select_related("mentor", "mentee").order_by("kind", "mentor__last_name", "pk"))
    roles = dict.fromkeys(PoolMember.Role.values, 0)
    for role in session.members.values_list("role", flat=True):
        roles[role] += 1
    live = [p for p in proposals if p.state != Proposal.State.REJECTED]
    projection = (
        kpi_projection(
            as_of=session.start_date,
            mentee_ids={p.mentee_id for p in live},
            mentor_ids={p.mentor_id for p in live},
        )
        if session.is_draft
        else []
    )
    weights = engine.clean_weights(session.weights)
    counts = {state: sum(p.state == state for p in proposals) for state in Proposal.State.values}
    return SessionPage(
        session=session,
        proposals=proposals,
        unmatched=unmatched,
        rules=rules,
        mentee_count=roles[PoolMember.Role.MENTEE],
        mentor_count=roles[PoolMember.Role.MENTOR],
        projection=projection,
        weights=[(code, labels[code], weights[code]) for code in engine.CRITERIA],
        counts=counts,
    )


def capacity_overrides(*, session: MatchingSession) -> QuerySet[CapacityOverride]:
    return session.capacities.select_related("mentor")
