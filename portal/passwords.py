"""Password reset by e-mail for the portal's staff (curators, the director, administrators, mentors).

Django's PasswordReset* views with three rules of ours:

* only an active account with a portal role (or a superuser) and an e-mail gets the letter; the answer
  is the same «check your mail» page whatever was typed, so it never tells whether an address exists;
* requests are throttled in the cache: `PASSWORD_RESET_PER_ADDRESS` letters per address and
  `PASSWORD_RESET_PER_IP` requests per IP address in `PASSWORD_RESET_WINDOW_MINUTES`; over the first
  limit nothing more is sent (and the page is the same), over the second the form says to wait (429);
* the letter (Russian) carries nothing personal — no name, no login — only the link, which works once
  and for `PASSWORD_RESET_TIMEOUT` seconds.

The cache keys hold a keyed hash of the address, never the address itself.
"""

from collections.abc import Iterable

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .roles import ROLES

_SALT = "portal.passwords.reset-throttle"


def _window_seconds() -> int:
    return int(getattr(settings, "PASSWORD_RESET_WINDOW_MINUTES", 60)) * 60


def _key(kind: str, value: str) -> str:
    return f"password-reset:{kind}:{salted_hmac(_SALT, value.strip().lower()).hexdigest()[:32]}"


def _hit(key: str, limit: int) -> bool:
    """Count one request under `key`; True while the count is within `limit` in the current window."""
    cache.add(key, 0, timeout=_window_seconds())
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=_window_seconds())
        count = 1
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes sees it (same proxy settings as the login lockout)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


def reset_ip_allowed(request: HttpRequest) -> bool:
    return _hit(_key("ip", client_ip(request)), int(getattr(settings, "PASSWORD_RESET_PER_IP", 10)))


def reset_address_allowed(email: str) -> bool:
    return _hit(_key("address", email), int(getattr(settings, "PASSWORD_RESET_PER_ADDRESS", 3)))


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterable[User]:
        """Django's rule (active, usable password, the same address) narrowed to the portal's staff."""
        candidates = list(super().get_users(email))
        staff = set(
            User.objects.filter(pk__in=[user.pk for user in candidates])
            .filter(Q(is_superuser=True) | Q(groups__name__in=ROLES))
            .values_list("pk", flat=True)
        )
        return [user for user in candidates if user.pk in staff]
