"""Reminder letters sent at most once: the one mechanism for every «remind by e-mail» of the portal.

The caller's `claim` records the sending — a log row under a unique constraint (roadmap's ReminderLog) or a
sent-at field set only where it is empty (a planned meeting) — inside the same transaction as the sending.
So a failed send rolls the claim back and the next run retries it, a sent letter is never repeated, and
of two runs at once (a beat and a task enqueued on commit) one claims and the other finds it claimed.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation


def send_once(*, claim: Callable[[], bool], letter: Callable[[], tuple[str, str]], recipients: list[str]) -> bool:
    """Claim, then send the letter (subject, body), in Russian; True if this call sent it."""
    if not recipients:
        return False
    try:
        with transaction.atomic():
            if not claim():
                return False
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = letter()
            send_mail(subject, body, None, recipients)
    except IntegrityError:
        # Another run claimed it first (the unique log row): that one sends.
        return False
    return True
