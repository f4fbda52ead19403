"""Reads of the in-portal notifications: always the user's own."""

from django.contrib.auth.models import User

from .models import Notification

VIEW = "notifications.view_notification"
PAGE = 50


def can_have_notifications(user: User) -> bool:
    """Staff and mentors: every role holds the permission (portal/roles.py); an account without a role not."""
    return user.is_authenticated and user.has_perm(VIEW)


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: User, limit: int = PAGE) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])
