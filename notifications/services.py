"""Writes of the in-portal notifications: created by the event hooks (apps.py), marked read by their owner,
deleted after NOTIFICATIONS_KEEP_DAYS days."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Notification


@transaction.atomic
def notify(*, user_ids: list[int], event: str, object_id: int | None = None, count: int = 0, url: str = "") -> int:
    """One notification per active user; returns how many were written."""
    users = list(User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", flat=True))
    rows = [Notification(user_id=pk, event=event, object_id=object_id, count=count, url=url[:200]) for pk in users]
    for row in rows:
        row.full_clean(exclude=["user"])
    Notification.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def notification_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (another's is not found: Notification.DoesNotExist)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the notifications older than NOTIFICATIONS_KEEP_DAYS days (daily); returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    deleted, _by_model = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _holders(codename: str, app_label: str) -> list[int]:
    perm = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    holders = User.objects.filter(
        Q(groups__permissions__in=perm) | Q(user_permissions__in=perm) | Q(is_superuser=True), is_active=True
    )
    return list(holders.values_list("pk", flat=True).distinct())


# The hooks (config/events.py), subscribed in NotificationsConfig.ready(): ids in, notifications out.


def on_roster_import_finished(*, job_id: int, user_id: int | None = None, **_ids: object) -> int:
    if user_id is None:
        return 0
    return notify(
        user_ids=[user_id],
        event=Notification.Event.ROSTER_IMPORT,
        object_id=job_id,
        url=_url("mentorship:import_job", job_id),
    )


def on_summary_ready(*, summary_id: int, user_id: int | None = None, **_ids: object) -> int:
    """The one who asked for it, and those who approve summaries (the director, the administrators)."""
    users = _holders("approve_summary", "reports") + ([user_id] if user_id else [])
    return notify(
        user_ids=users, event=Notification.Event.SUMMARY_READY, object_id=summary_id, url=_url("reports:archive")
    )


def on_campaign_results(*, campaign_id: int, user_id: int | None = None, **_ids: object) -> int:
    if user_id is None:
        return 0
    return notify(user_ids=[user_id], event=Notification.Event.CAMPAIGN_RESULTS, object_id=campaign_id)


def on_pairs_need_attention(*, user_id: int, mentorship_ids: list[int], **_ids: object) -> int:
    return notify(
        user_ids=[user_id],
        event=Notification.Event.PAIRS_ATTENTION,
        count=len(mentorship_ids),
        url=_url("health:attention"),
    )
