"""The matching assistant's part in a purge (mentorship/purge.py): every row of a session that names the
person goes with her; the sessions themselves name no one."""

from django.db.models import Q

from config.purge import register_participant
from mentorship.purge import PurgeContext

from .models import CapacityOverride, PairRule, PoolMember, Proposal, Unmatched


def purge_matching(ctx: PurgeContext) -> None:
    person = ctx.person
    for key, queryset in (
        ("matching_pool_rows_deleted", PoolMember.objects.filter(person=person)),
        (
            "matching_pair_rules_deleted",
            PairRule.objects.filter(Q(mentor=person) | Q(mentee=person)),
        ),
        ("matching_capacities_deleted", CapacityOverride.objects.filter(mentor=person)),
        ("matching_proposals_deleted", Proposal.objects.filter(Q(mentor=person) | Q(mentee=person))),
        ("matching_unmatched_deleted", Unmatched.objects.filter(mentee=person)),
    ):
        number = queryset.count()
        if number:
            ctx.count(key, number)
            queryset.delete()


DECISIONS = {
    "matching.MatchingSession": "a session's settings and filters; names no one",
    "matching.PoolMember": "her pool rows deleted",
    "matching.PairRule": "her pinned and forbidden pairs deleted",
    "matching.CapacityOverride": "her capacity overrides deleted",
    "matching.Proposal": "her proposals deleted (a published pair stays as a mentorship, purged there)",
    "matching.Unmatched": "her reasons deleted",
}


def register():
    register_participant(app_label="matching", handler=purge_matching, decisions=DECISIONS)
