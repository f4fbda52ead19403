"""Writes of the calendar feeds: a user's secret link issued (a new one replaces the old) and revoked."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .models import CalendarToken

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(*, user: User) -> str:
    """A new random token for the user's feed (returned once, never stored); the old one stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    User.objects.select_for_update().filter(pk=user.pk).first()  # two clicks at once: one after the other
    row = CalendarToken.objects.filter(user=user).first() or CalendarToken(user=user)
    row.digest = token_digest(token)
    row.created_at = timezone.now()
    row.last_used_at = None
    row.full_clean(validate_unique=False)
    row.save()
    return token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> bool:
    deleted, _rows = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_token_touch(*, token_id: int) -> None:
    """Note when the feed was last read (shown on the «Calendar» page), at most once an hour."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    CalendarToken.objects.filter(pk=token_id).exclude(last_used_at__gt=hour_ago).update(last_used_at=timezone.now())
