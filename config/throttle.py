"""Requests counted per key in the cache: the one throttle of the portal's public forms (password reset,
applications to join). The keys hold a keyed hash of what is counted (an address, an e-mail), never the
value itself, so the cache holds nothing personal.
"""

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def throttle_key(*, salt: str, kind: str, value: str) -> str:
    """The cache key for `value` (folded: trimmed, lower case) counted under `salt` and `kind`."""
    return f"{salt}:{kind}:{salted_hmac(salt, value.strip().lower()).hexdigest()[:32]}"


def throttle_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request under `key`; True while the count is within `limit` in the current window.
    With the cache down (portal.cache answers None) the request is let through."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count is None or count <= limit


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes sees it (same proxy settings as the login lockout)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"
