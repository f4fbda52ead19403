"""Writes of pair health: the stored status of every active pair, the mentors' reminders and the curators'
weekly digest. Letters go through config/mail.py `send_once` with a `Letter` row as the claim (unique per
recipient and key), so a rerun of the daily task sends nothing new and two runs at once send one letter."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.events import emit
from config.mail import send_once
from mentorship.models import Mentorship

from . import rules
from .models import HealthRun, Letter, PairHealth
from .selectors import pair_facts

logger = logging.getLogger(__name__)


@transaction.atomic
def pair_health_refresh(
    *, today: datetime.date | None = None, mentorship_ids: Iterable[int] | None = None
) -> dict[str, int]:
    """Compute the health of every active pair (or of the given ones) for `today` and store what changed.

    A fixed number of queries whatever the number of pairs: five reads of the facts, the stored health,
    one upsert of the pairs whose health changed (none: no query; on SQLite split by its parameter limit),
    the removal of pairs no longer active, the run's record. Pairs of a curator that newly need attention
    are announced (`pairs_need_attention`, ids only).
    """
    today = today or timezone.localdate()
    ids = None if mentorship_ids is None else list(mentorship_ids)
    facts = pair_facts(today=today, mentorship_ids=ids)
    stored = PairHealth.objects.all() if ids is None else PairHealth.objects.filter(mentorship_id__in=ids)
    before = {
        row[0]: row[1:]
        for row in stored.order_by().values_list("mentorship_id", "status", "reasons", "last_meeting", "since")
    }
    now = timezone.now()
    rows, counts = [], {rules.OK: 0, rules.ATTENTION: 0, rules.RISK: 0}
    newly: dict[int, list[int]] = defaultdict(list)
    for fact in facts:
        status, reasons = rules.evaluate(fact, today=today)
        counts[status] += 1
        old = before.get(fact.mentorship_id)
        was, since = (old[0], old[3]) if old else (None, None)
        if status == rules.OK:
            since = None
        elif was in (None, rules.OK) or since is None:
            since = today
            if fact.curator_id is not None:
                newly[fact.curator_id].append(fact.mentorship_id)
        if old == (status, reasons, fact.last_held, since):
            continue
        rows.append(
            PairHealth(
                mentorship_id=fact.mentorship_id,
                status=status,
                reasons=reasons,
                last_meeting=fact.last_held,
                since=since,
                changed_at=now,
            )
        )
    if rows:
        PairHealth.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["mentorship"],
            update_fields=["status", "reasons", "last_meeting", "since", "changed_at"],
        )
    gone = PairHealth.objects.exclude(mentorship__status=Mentorship.Status.ACTIVE)
    if ids is not None:
        gone = gone.filter(mentorship_id__in=ids)
    gone.delete()
    HealthRun.objects.create(
        day=today, finished_at=timezone.now(), pairs=len(facts), written=len(rows), whole=ids is None, **counts
    )
    for curator_id, pairs in newly.items():
        emit("pairs_need_attention", user_id=curator_id, mentorship_ids=pairs)
    return counts


def _pair_url(mentorship_id: int) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse("mentorship:mentorship_detail", args=[mentorship_id])


def mentor_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each mentor of a pair that needs attention: the pair's link and what to do, nothing more.

    One letter per pair and reason episode (`Letter.key`), at most HEALTH_REMINDERS_PER_WEEK letters to one
    mentor within 7 days (the rest wait for the next week, if still true). Returns how many went out.
    """
    today = today or timezone.localdate()
    flagged = (
        PairHealth.objects.filter(mentorship__status=Mentorship.Status.ACTIVE, mentorship__mentor__user__is_active=True)
        .exclude(status=PairHealth.Status.OK)
        .exclude(mentorship__mentor__user__email="")
        .select_related("mentorship__mentor__user")
        .order_by("-status", "mentorship_id")
    )
    sent_keys = set(
        Letter.objects.filter(kind=Letter.Kind.REMINDER, mentorship__in=flagged.values("mentorship")).values_list(
            "recipient_id", "key"
        )
    )
    sent = 0
    for health in flagged:
        user = health.mentorship.mentor.user
        if user is None:  # the query keeps only mentors with an account
            continue
        due = [
            r
            for r in health.reasons
            if r["code"] in rules.MENTOR_REMINDED and (user.pk, f"{health.mentorship_id}:{r['key']}") not in sent_keys
        ]
        if due and _remind(user=user, mentorship_id=health.mentorship_id, reason=due[0], today=today):
            sent += 1
    return sent


def _remind(*, user: User, mentorship_id: int, reason: dict, today: datetime.date) -> bool:
    def claim() -> bool:
        # The mentor's row locked: of two runs at once, the second counts the first one's letter.
        User.objects.select_for_update().filter(pk=user.pk).first()
        week = (today - datetime.timedelta(6), today)
        recent = Letter.objects.filter(kind=Letter.Kind.REMINDER, recipient=user, day__range=week)
        if recent.count() >= settings.HEALTH_REMINDERS_PER_WEEK:
            return False
        Letter.objects.create(
            kind=Letter.Kind.REMINDER,
            recipient=user,
            mentorship_id=mentorship_id,
            reason=reason["code"],
            key=f"{mentorship_id}:{reason['key']}",
            pairs=1,
            day=today,
            sent_at=timezone.now(),
        )
        return True

    def letter() -> tuple[str, str]:
        context = {
            "reason": rules.describe(reason, today=today),
            "code": reason["code"],
            "url": _pair_url(mentorship_id),
        }
        return _("Mentoring: your pair needs you"), render_to_string("health/email/reminder.txt", context)

    if send_once(claim=claim, letter=letter, recipients=[user.email]):
        logger.info("Health reminder %s for mentorship %s sent", reason["code"], mentorship_id)
        return True
    return False


def curator_digests_send(*, today: datetime.date | None = None) -> int:
    """The weekly digest to each curator: their pairs that need attention (the pair's title, its reasons and
    the link to «Требуют внимания»), no categories, no other personal data. Once per curator and ISO week."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    key = f"{year}-W{week:02d}"
    health = (
        PairHealth.objects.filter(
            mentorship__status=Mentorship.Status.ACTIVE,
            mentorship__curator__is_active=True,
        )
        .exclude(status=PairHealth.Status.OK)
        .exclude(mentorship__curator__email="")
        .select_related("mentorship__mentor", "mentorship__curator")
        .prefetch_related("mentorship__mentees")
        .order_by("-status", "since", "mentorship_id")
    )
    by_curator: dict[int, list[PairHealth]] = defaultdict(list)
    curators: dict[int, User] = {}
    for h in health:
        curator = h.mentorship.curator
        assert curator is not None
        by_curator[curator.pk].append(h)
        curators[curator.pk] = curator
    done = set(
        Letter.objects.filter(kind=Letter.Kind.DIGEST, key=key, recipient_id__in=list(curators)).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    url = settings.PORTAL_URL.rstrip("/") + reverse("health:attention")
    for curator_id, pairs in by_curator.items():
        if curator_id in done:
            continue
        curator = curators[curator_id]

        def claim(curator: User = curator, pairs: list[PairHealth] = pairs) -> bool:
            Letter.objects.create(
                kind=Letter.Kind.DIGEST,
                recipient=curator,
                reason="digest",
                key=key,
                pairs=len(pairs),
                day=today,
                sent_at=timezone.now(),
            )
            return True

        def letter(pairs: list[PairHealth] = pairs) -> tuple[str, str]:
            lines = [
                {
                    "title": h.mentorship.title,
                    "status": h.get_status_display(),
                    "reasons": [rules.describe(r, today=today) for r in h.reasons],
                    "url": _pair_url(h.mentorship_id),
                }
                for h in pairs
            ]
            subject = ngettext(
                "Mentoring: %(count)d pair needs attention this week",
                "Mentoring: %(count)d pairs need attention this week",
                len(pairs),
            ) % {"count": len(pairs)}
            return subject, render_to_string("health/email/digest.txt", {"pairs": lines, "url": url})

        if send_once(claim=claim, letter=letter, recipients=[curator.email]):
            logger.info("Health digest %s sent to curator %s (%d pairs)", key, curator_id, len(pairs))
            sent += 1
    return sent
