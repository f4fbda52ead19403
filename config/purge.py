"""The registry of the purge's participants: every app that can hold a person's data registers here, from
its `AppConfig.ready()`, what it does when a child's personal data are destroyed (mentorship/purge.py runs
the purge and hands each participant its `PurgeContext`). Living in config, it lets any app take part,
whatever its place in the dependency layers (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Participant:
    app_label: str
    handler: Callable[[Any], None]  # handler(context: mentorship.purge.PurgeContext)
    decisions: dict  # {"app_label.Model": what the purge does with it, or why it holds nothing personal}


_participants: dict[str, Participant] = {}


def register_participant(*, app_label: str, handler: Callable[[Any], None], decisions: dict) -> None:
    """`handler(context)` runs inside every purge's transaction; `decisions` says for each model of the app
    what happens to it. Idempotent: a second call for the same app replaces the first."""
    _participants[app_label] = Participant(app_label, handler, dict(decisions))


def participants() -> list[Participant]:
    return list(_participants.values())


def purge_decisions() -> dict[str, str]:
    decisions: dict[str, str] = {}
    for participant in _participants.values():
        decisions.update(participant.decisions)
    return decisions
