"""Notifications in the purge of a person (config/purge.py): codes, ids and counts only."""

from config.purge import register_participant

DECISIONS = {"notifications.Notification": "event codes, ids, counts and portal paths with numbers only"}


def _nothing(ctx: object) -> None:
    """No names are stored in a notification: its text is composed when it is shown."""


def register() -> None:
    register_participant(app_label="notifications", handler=_nothing, decisions=DECISIONS)
