"""Writes of the matching assistant: a session and its pool, the curator's pins, forbids and capacities,
solving (the engine), accepting and rejecting, and publishing through `mentorship_create`.

Every write locks the session's row first, so a double click or two curators at once are serialised: the
second request reads what the first wrote (a published session refuses everything)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import MenteeCategory, Mentorship, Person
from mentorship.rules import mentor_limit, mentorship_errors
from mentorship.services import mentorship_create

from . import engine
from .models import CapacityOverride, MatchingSession, PairRule, PoolMember, Proposal, Unmatched
from .selectors import pool_candidates, session_pool


def _locked(session: MatchingSession) -> MatchingSession:
    """The session's row locked until the transaction ends, re-read; a published one refuses changes."""
    fresh = MatchingSession.objects.select_for_update().select_related("form").get(pk=session.pk)
    if not fresh.is_draft:
        raise ValidationError(_("The session is published: it cannot be changed."))
    return fresh


@transaction.atomic
def session_create(
    *, data: dict[str, Any], categories: Iterable[MenteeCategory] = (), user: User | None = None
) -> MatchingSession:
    session = MatchingSession(created_by=user, **data)
    session.weights = engine.clean_weights(session.weights)
    session.full_clean()
    session.save()
    session.categories.set(list(categories))
    pool_refresh(session=session)
    return session


@transaction.atomic
def session_update(
    *, session: MatchingSession, data: dict[str, Any], categories: Iterable[MenteeCategory] | None = None
) -> MatchingSession:
    session = _locked(session)
    for name, value in data.items():
        setattr(session, name, value)
    session.weights = engine.clean_weights(session.weights)
    session.full_clean()
    session.save()
    if categories is not None:
        session.categories.set(list(categories))
    pool_refresh(session=session)
    return session


@transaction.atomic
def pool_refresh(*, session: MatchingSession) -> tuple[int, int]:
    """Store the pool the filters select now; (mentees, mentors)."""
    session = _locked(session)
    mentees, mentors = pool_candidates(session=session)
    session.members.all().delete()
    PoolMember.objects.bulk_create(
        [PoolMember(session=session, person=p, role=PoolMember.Role.MENTEE) for p in mentees]
        + [PoolMember(session=session, person=p, role=PoolMember.Role.MENTOR) for p in mentors]
    )
    return len(mentees), len(mentors)


def _pair_errors(session: MatchingSession, mentor: Person, mentee: Person) -> list[str]:
    """The rules of mentorship/rules.py for this pair as the session would create it."""
    errors = mentorship_errors(
        mentor=mentor,
        mentees=[mentee],
        form=session.form,
        start_date=session.start_date,
        planned_end_date=session.planned_end_date,
        status=Mentorship.Status.ACTIVE,
    )
    return [message for messages in errors.values() for message in messages]


def _in_pool(session: MatchingSession, mentor: Person, mentee: Person) -> None:
    roles = set(session.members.filter(person_id__in=[mentor.pk, mentee.pk]).values_list("person_id", "role"))
    if (mentor.pk, PoolMember.Role.MENTOR) not in roles or (mentee.pk, PoolMember.Role.MENTEE) not in roles:
        raise ValidationError(
            _("Both people must be in the session's pool: the mentor as a mentor, the mentee as a mentee.")
        )


@transaction.atomic
def pair_pin(*, session: MatchingSession, mentor: Person, mentee: Person) -> PairRule:
    """Keep this pair in every solution. Refused when the rules refuse it or the mentor has no place left."""
    session = _locked(session)
    _in_pool(session, mentor, mentee)
    errors = _pair_errors(session, mentor, mentee)
    if errors:
        raise ValidationError(errors)
    kept = (
        session.rules.filter(kind=PairRule.Kind.PIN, mentor=mentor).exclude(mentee=mentee).count()
        + session.proposals.filter(state=Proposal.State.ACCEPTED, mentor=mentor, pinned=False)
        .exclude(mentee=mentee)
        .count()
    )
    pool = session_pool(session=session)
    busy = len(pool.busy.get(mentor.pk, set()))
    if busy + kept + 1 > pool.limits.get(mentor.pk, mentor_limit(mentor)):
        raise ValidationError(_("%(name)s has no free place left in this session.") % {"name": mentor.full_name})
    session.rules.filter(mentee=mentee, kind=PairRule.Kind.PIN).exclude(mentor=mentor).delete()
    session.proposals.filter(mentee=mentee).exclude(mentor=mentor).exclude(state=Proposal.State.REJECTED).delete()
    rule, _created = PairRule.objects.update_or_create(
        session=session, mentor=mentor, mentee=mentee, defaults={"kind": PairRule.Kind.PIN}
    )
    return rule


@transaction.atomic
def pair_forbid(*, session: MatchingSession, mentor: Person, mentee: Person) -> PairRule:
    """Never propose this pair; a proposal of it is withdrawn."""
    session = _locked(session)
    _in_pool(session, mentor, mentee)
    session.proposals.filter(mentor=mentor, mentee=mentee).delete()
    rule, _created = PairRule.objects.update_or_create(
        session=session, mentor=mentor, mentee=mentee, defaults={"kind": PairRule.Kind.FORBID}
    )
    return rule


@transaction.atomic
def pair_rule_remove(*, rule: PairRule) -> None:
    _locked(rule.session)
    PairRule.objects.filter(pk=rule.pk).delete()


@transaction.atomic
def capacity_set(*, session: MatchingSession, mentor: Person, capacity: int | None) -> None:
    """The mentor's places in this session (None: back to their own limit)."""
    session = _locked(session)
    if capacity is None:
        session.capacities.filter(mentor=mentor).delete()
        return
    override = CapacityOverride(session=session, mentor=mentor, capacity=capacity)
    override.full_clean(validate_unique=False)
    CapacityOverride.objects.update_or_create(session=session, mentor=mentor, defaults={"capacity": capacity})


@transaction.atomic
def proposal_decide(*, proposal: Proposal, state: str) -> Proposal:
    """Accept, reject, or return a proposal to «proposed». A rejected pair is not proposed again."""
    _locked(proposal.session)
    if state not in Proposal.State.values:
        raise ValidationError(_("Unknown decision."))
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.pinned and state == Proposal.State.REJECTED:
        raise ValidationError(_("A pinned pair is removed by unpinning it."))
    proposal.state = state
    proposal.full_clean(validate_unique=False)
    proposal.save(update_fields=["state"])
    return proposal


@transaction.atomic
def proposals_accept_all(*, session: MatchingSession) -> int:
    session = _locked(session)
    return session.proposals.filter(state=Proposal.State.PROPOSED).update(state=Proposal.State.ACCEPTED)


@transaction.atomic
def session_solve(*, session: MatchingSession) -> engine.Result:
    """Solve the pool again, keeping the accepted and pinned pairs and every rejection; the proposals and the
    reasons for the unmatched are replaced."""
    session = _locked(session)
    pool = session_pool(session=session)
    for rule in pool.dropped_pins:  # a pinned person who left the pool
        rule.delete()
    result = engine.solve(pool.problem)
    pinned = {(r.mentor_id, r.mentee_id) for r in session.rules.filter(kind=PairRule.Kind.PIN)}
    session.proposals.filter(state=Proposal.State.PROPOSED).delete()
    session.proposals.filter(state=Proposal.State.ACCEPTED, pinned=True).exclude(
        mentee_id__in=[b for _a, b in pinned]
    ).update(pinned=False)
    session.unmatched.all().delete()
    existing = {(a, b): pk for pk, a, b in session.proposals.values_list("pk", "mentor_id", "mentee_id")}
    new = []
    for pair in result.pairs:
        key = (pair.mentor, pair.mentee)
        is_pinned = key in pinned
        if key in existing:
            Proposal.objects.filter(pk=existing[key]).update(
                score=pair.score, contributions=pair.contributions, pinned=is_pinned
            )
            continue
        new.append(
            Proposal(
                session=session,
                mentor_id=pair.mentor,
                mentee_id=pair.mentee,
                score=pair.score,
                contributions=pair.contributions,
                pinned=is_pinned,
                state=Proposal.State.ACCEPTED if is_pinned else Proposal.State.PROPOSED,
            )
        )
    Proposal.objects.bulk_create(new)
    Unmatched.objects.bulk_create(
        [
            Unmatched(session=session, mentee_id=pk, reason=reason, best_score=result.best_score.get(pk))
            for pk, reason in result.unmatched.items()
        ]
    )
    session.solved_at = timezone.now()
    session.save(update_fields=["solved_at"])
    return result


@transaction.atomic
def session_publish(*, session: MatchingSession, user: User | None = None) -> list[Mentorship]:
    """Create the accepted pairs (or one group per mentor) with their empty plans through `mentorship_create`,
    the rules re-checked; all or nothing — a pair the rules refuse stops the publish and is named."""
    session = _locked(session)
    accepted = list(
        session.proposals.filter(state=Proposal.State.ACCEPTED)
        .select_related("mentor", "mentee")
        .order_by("mentor_id", "mentee_id")
    )
    if not accepted:
        raise ValidationError(_("Accept at least one pair before publishing."))
    groups: list[list[Proposal]] = []
    if session.group_mentoring:
        for proposal in accepted:
            if groups and groups[-1][0].mentor_id == proposal.mentor_id:
                groups[-1].append(proposal)
            else:
                groups.append([proposal])
    else:
        groups = [[p] for p in accepted]
    created = []
    for group in groups:
        mentor = group[0].mentor
        mentees = [p.mentee for p in group]
        try:
            with transaction.atomic():
                mentorship = mentorship_create(
                    mentor=mentor,
                    mentees=mentees,
                    form=session.form,
                    start_date=session.start_date,
                    planned_end_date=session.planned_end_date,
                    status=Mentorship.Status.ACTIVE,
                    curator=user if user is not None and user.has_perm("mentorship.curate_mentorships") else None,
                    request="\n".join(m.request for m in mentees if m.request)[:4000],
                )
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ValidationError(
                _("Nothing was published: the pair %(mentor)s → %(mentees)s is refused: %(reason)s")
                % {
                    "mentor": mentor.short_name,
                    "mentees": ", ".join(m.short_name for m in mentees),
                    "reason": " ".join(messages),
                }
            ) from error
        Proposal.objects.filter(pk__in=[p.pk for p in group]).update(mentorship=mentorship)
        created.append(mentorship)
    session.status = MatchingSession.Status.PUBLISHED
    session.published_at = timezone.now()
    session.published_by = user
    session.save(update_fields=["status", "published_at", "published_by"])
    return created
