"""Pair health in the purge of a person (config/purge.py): nothing personal is stored here."""

from config.purge import register_participant

DECISIONS = {
    "health.PairHealth": "status, reason codes, numbers and dates only: nothing personal",
    "health.HealthRun": "a day and counts only",
    "health.Letter": "staff recipients (accounts), reason codes and pair ids only: nothing personal",
}


def _nothing(ctx: object) -> None:
    """Reason codes and ids: the purge of a person finds nothing to scrub here."""


def register() -> None:
    register_participant(app_label="health", handler=_nothing, decisions=DECISIONS)
